import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { DeviceRow, type RowActions } from './device-row.js';

/** Props of {@link DeviceTable}. */
export interface DeviceTableProps {
  readonly devices: readonly DeviceSummary[];
  /** Each slot's current or last run; absent when the station has no runs. */
  readonly runs?: ReadonlyMap<string, RunSlotStatus> | undefined;
  readonly actions: RowActions;
  /** Unplug buttons are disabled while `busyIds` holds the id. */
  readonly busyIds: ReadonlySet<string>;
  readonly canAct: boolean;
}

/** The engineer's view of the bench: one row per slot with identity, live run status and actions. */
export function DeviceTable({ devices, runs, actions, busyIds, canAct }: DeviceTableProps) {
  return (
    <table className="device-table">
      <caption className="visually-hidden">Attached devices</caption>
      <thead>
        <tr>
          <th scope="col">Slot</th>
          <th scope="col">Device</th>
          <th scope="col">Connection</th>
          <th scope="col">Identity</th>
          <th scope="col">Attached</th>
          {runs !== undefined && <th scope="col">Run</th>}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <DeviceRow key={d.id} device={d} run={runs?.get(d.slot)} busy={busyIds.has(d.id)} canAct={canAct} runs={runs !== undefined} actions={actions} />
        ))}
      </tbody>
    </table>
  );
}
