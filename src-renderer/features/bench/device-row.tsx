import { memo } from 'react';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { formatTimeOfDay, isCardReader, isoOf, isRunnable, kindName, primaryIdentity, transportName } from '../../lib/format.js';
import { RunCell } from './run-progress.js';

/** What a row can do; every callback gets the row's device. */
export interface RowActions {
  readonly onUnplug: (device: DeviceSummary) => void;
  readonly onStart: (device: DeviceSummary) => void;
  readonly onCancel: (device: DeviceSummary) => void;
  readonly onInspect: (device: DeviceSummary) => void;
}

/** Props of {@link DeviceRow}. */
export interface DeviceRowProps {
  readonly device: DeviceSummary;
  readonly run: RunSlotStatus | undefined;
  readonly busy: boolean;
  readonly canAct: boolean;
  /** Show the run column (a station with runs). */
  readonly runs: boolean;
  readonly actions: RowActions;
}

/** One slot of the engineer table; memoized so a progress event re-renders only its own row. */
export const DeviceRow = memo(function DeviceRow({ device: d, run, busy, canAct, runs, actions }: DeviceRowProps) {
  const identity = primaryIdentity(d);
  const name = d.slotName ?? d.slot;
  const card = isCardReader(d);
  /** Slots a run can happen on: handsets, and card readers (their card is written). */
  const runSlot = d.kind === 'handset' || card;
  const active = run !== undefined && run.endedAtMs === null;
  return (
    <tr data-device-id={d.id} data-run-state={run?.state ?? 'ready'}>
      <th scope="row" className="slot">
        {d.slotName === undefined ? (
          d.slot
        ) : (
          <>
            {d.slotName} <span className="muted">({d.slot})</span>
          </>
        )}
      </th>
      <td>
        <span className="device-label">{d.label}</span>
        {d.identity.model !== undefined && <span className="muted"> · {d.identity.model}</span>}
      </td>
      <td>
        <span className={`badge badge-${d.transport}`}>{transportName(d.transport)}</span> <span className="muted">{d.identification === 'pending' ? 'identifying…' : card ? (d.identity.atr === undefined ? 'empty' : 'card in') : kindName(d.kind)}</span>
      </td>
      <td className="mono">{identity === undefined ? <span className="muted">{card ? 'no card' : '—'}</span> : `${identity.label} ${identity.value}`}</td>
      <td>
        <time dateTime={isoOf(d.attachedAtMs)}>{formatTimeOfDay(d.attachedAtMs)}</time>
      </td>
      {runs && <td className="run-column">{runSlot || run !== undefined ? <RunCell run={run} slot={name} /> : <span className="muted">—</span>}</td>}
      <td className="actions">
        {runs &&
          runSlot &&
          (active ? (
            <button type="button" className="button-secondary" disabled={!canAct} onClick={() => actions.onCancel(d)} aria-label={`Cancel run on ${name}`}>
              Cancel
            </button>
          ) : (
            <button type="button" disabled={!canAct || !isRunnable(d)} onClick={() => actions.onStart(d)} aria-label={`Start run on ${name}`}>
              Start
            </button>
          ))}
        {runSlot && (
          <button type="button" className="button-secondary" onClick={() => actions.onInspect(d)} aria-label={`Inspect ${d.label} on ${name}`}>
            Inspect
          </button>
        )}
        {d.transport === 'simulated' && (
          <button type="button" className="button-secondary" disabled={!canAct || busy} onClick={() => actions.onUnplug(d)} aria-label={`Unplug ${d.label}`}>
            Unplug
          </button>
        )}
      </td>
    </tr>
  );
});
