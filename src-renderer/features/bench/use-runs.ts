import { useEffect, useReducer, useRef, type Dispatch } from 'react';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { RunProgressed } from '../../../src-shared/runs/run-status.js';
import { useBridge, useConnectionStatus } from '../../bridge/bridge-context.js';
import { INITIAL_RUNS, runsReducer, transitions, type RunsAction, type RunsState, type RunTransitions } from './runs-state.js';

const nextFrame = (callback: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 16);
  return () => clearTimeout(id);
};

/**
 * Runs on the bench, live from `run.progressed` (re-listed on every (re)connect). Events are
 * applied once per animation frame, so 32 slots progressing at once cost one render per frame.
 * `onChange` hears which runs ended (and whether the batch is done) after each applied batch.
 */
export function useRuns(onError: (error: ProvisioningError) => void, onChange: (t: RunTransitions) => void): readonly [RunsState, Dispatch<RunsAction>] {
  const bridge = useBridge();
  const status = useConnectionStatus();
  const [state, dispatch] = useReducer(runsReducer, INITIAL_RUNS);
  const stateRef = useRef(state);
  stateRef.current = state;
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  useEffect(() => {
    let pending: RunProgressed[] = [];
    let cancel: (() => void) | undefined;
    const flush = () => {
      cancel = undefined;
      const events = pending;
      pending = [];
      const before = stateRef.current.slots;
      const after = runsReducer(stateRef.current, { type: 'progressed', events });
      stateRef.current = after; // a second flush before the next render starts from here
      dispatch({ type: 'progressed', events });
      const t = transitions(before, after.slots);
      if (t.ended.length > 0) changeRef.current(t);
    };
    const off = bridge.on('run.progressed', (payload) => {
      pending.push(payload);
      cancel ??= nextFrame(flush);
    });
    return () => {
      off();
      cancel?.();
    };
  }, [bridge]);

  const connected = status.kind === 'connected';
  useEffect(() => {
    if (!connected) return;
    let live = true;
    bridge.call('runs.list', undefined).then(
      (overview) => live && dispatch({ type: 'listed', overview }),
      // A station without runs (UNKNOWN_COMMAND) simply shows no run columns' data.
      (error: unknown) => live && error instanceof ProvisioningError && error.code !== 'STATION_UNREACHABLE' && error.code !== 'UNKNOWN_COMMAND' && onError(error),
    );
    return () => {
      live = false;
    };
  }, [bridge, connected, onError]);

  return [state, dispatch] as const;
}
