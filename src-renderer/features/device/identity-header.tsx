import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { DeviceTree } from '../../../src-shared/tree/tree-schema.js';

/** Who the device is: slot, model, IMEI/IMSI/ICCID (a card's ATR), firmware, its DevID and the tree version read. */
export function IdentityHeader({ device, tree }: { readonly device: DeviceSummary | undefined; readonly tree: DeviceTree | undefined }) {
  const id = device?.identity ?? {};
  const facts: [string, string | undefined][] = [
    ['Slot', device === undefined ? undefined : (device.slotName ?? device.slot)],
    ['Model', [id.manufacturer, id.model].filter((x) => x !== undefined).join(' ') || undefined],
    ['IMEI', id.imei],
    ['IMSI', id.imsi],
    ['ICCID', id.iccid],
    ['ATR', id.atr],
    ['Firmware', id.firmware],
    ['DevID', tree?.devId],
    ['Read as', tree?.serverId],
    ['Tree version', tree?.version.slice(0, 12)],
  ];
  return (
    <section className="card identity-header" aria-label="Device identity">
      <h3>{device?.label ?? 'Device'}</h3>
      <dl className="identity-facts">
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
          .map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
