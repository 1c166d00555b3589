import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { matchesTraceFilter, type TraceFilter, type TraceRecord } from '../../../src-shared/trace/trace-record.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { useAction, type ActionState } from '../../lib/use-action.js';

/** Records the panel holds at most (older ones stay in the station's trace). */
export const VIEW_CAP = 1000;

/** The live trace as the panel sees it. */
export interface LiveTrace {
  readonly records: readonly TraceRecord[];
  readonly paused: boolean;
  /** Matching records that arrived while paused. */
  readonly waiting: number;
  readonly load: ActionState;
  pause(): void;
  resume(): void;
  /** Forgets what the panel shows (after `trace.clear`). */
  reset(): void;
}

const cap = (records: readonly TraceRecord[]): TraceRecord[] => (records.length > VIEW_CAP ? records.slice(-VIEW_CAP) : [...records]);

/**
 * Loads the station's trace for a filter and follows `trace.recorded` batches. Paused, it stops
 * changing the list (so a technician can read) and counts what arrives; resuming fetches what was
 * missed with `since`.
 */
export function useLiveTrace(filter: TraceFilter & { readonly deviceId?: DeviceId }): LiveTrace {
  const bridge = useBridge();
  const load = useAction();
  const [records, setRecords] = useState<TraceRecord[]>([]);
  const [paused, setPaused] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const pausedRef = useRef(false);
  const lastId = useRef(0);
  const { deviceId, text } = filter;
  const layers = filter.layers?.join(',') ?? '';
  const directions = filter.directions?.join(',') ?? '';
  const query = useCallback(
    (): TraceFilter => ({
      ...(deviceId === undefined ? {} : { deviceId }),
      ...(layers === '' ? {} : { layers: layers.split(',') as TraceFilter['layers'] & object }),
      ...(directions === '' ? {} : { directions: directions.split(',') as TraceFilter['directions'] & object }),
      ...(text === undefined || text.trim() === '' ? {} : { text: text.trim() }),
    }),
    [deviceId, layers, directions, text],
  );

  const { run } = load;
  useEffect(() => {
    let live = true;
    const f = query();
    const buffered: TraceRecord[] = [];
    let loaded = false;
    const off = bridge.on('trace.recorded', ({ records: batch }) => {
      const fresh = batch.filter((r) => matchesTraceFilter(r, f));
      if (fresh.length === 0) return;
      if (!loaded) {
        buffered.push(...fresh);
        return;
      }
      if (pausedRef.current) {
        setWaiting((n) => n + fresh.length);
        return;
      }
      lastId.current = Math.max(lastId.current, fresh.at(-1)!.id);
      setRecords((rs) => cap([...rs, ...fresh]));
    });
    void run(async () => {
      const page = await bridge.call('trace.list', { ...f, limit: VIEW_CAP });
      if (!live) return;
      loaded = true;
      const last = page.records.at(-1)?.id ?? 0;
      const merged = [...page.records, ...buffered.filter((r) => r.id > last)];
      lastId.current = merged.at(-1)?.id ?? 0;
      setRecords(cap(merged));
      setWaiting(0);
    });
    return () => {
      live = false;
      off();
    };
  }, [bridge, run, query]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);
  const resume = useCallback(() => {
    pausedRef.current = false;
    setPaused(false);
    setWaiting(0);
    void run(async () => {
      const page = await bridge.call('trace.list', { ...query(), since: lastId.current, limit: VIEW_CAP });
      if (page.records.length === 0) return;
      lastId.current = page.records.at(-1)!.id;
      setRecords((rs) => cap([...rs, ...page.records]));
    });
  }, [bridge, run, query]);
  const reset = useCallback(() => {
    setRecords([]);
    setWaiting(0);
  }, []);
  return { records, paused, waiting, load, pause, resume, reset };
}
