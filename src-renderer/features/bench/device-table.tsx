import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { formatTimeOfDay, isoOf, kindName, primaryIdentity, transportName } from '../../lib/format.js';

/** Props of {@link DeviceTable}. */
export interface DeviceTableProps {
  readonly devices: readonly DeviceSummary[];
  /** Unplug action for simulated devices; buttons are disabled while `busy` holds the id. */
  readonly onUnplug: (device: DeviceSummary) => void;
  readonly busyIds: ReadonlySet<string>;
  readonly canAct: boolean;
}

/** The bench's devices as a table: one row per slot. */
export function DeviceTable({ devices, onUnplug, busyIds, canAct }: DeviceTableProps) {
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
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => {
          const identity = primaryIdentity(d);
          return (
            <tr key={d.id} data-device-id={d.id}>
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
                <span className={`badge badge-${d.transport}`}>{transportName(d.transport)}</span> <span className="muted">{d.identification === 'pending' ? 'identifying…' : kindName(d.kind)}</span>
              </td>
              <td className="mono">{identity === undefined ? <span className="muted">—</span> : `${identity.label} ${identity.value}`}</td>
              <td>
                <time dateTime={isoOf(d.attachedAtMs)}>{formatTimeOfDay(d.attachedAtMs)}</time>
              </td>
              <td className="actions">
                {d.transport === 'simulated' && (
                  <button type="button" className="button-secondary" disabled={!canAct || busyIds.has(d.id)} onClick={() => onUnplug(d)} aria-label={`Unplug ${d.label}`}>
                    Unplug
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
