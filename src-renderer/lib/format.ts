import type { DeviceSummary } from '../../src-shared/domain/device.js';
import { assertNever } from '../../src-shared/util/assert-never.js';

/** Wall-clock time of day for an epoch-milliseconds timestamp, in the user's locale. */
export function formatTimeOfDay(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** ISO 8601 form for `<time dateTime>`. */
export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The identity fact that best tells a device apart on the bench: IMEI, ICCID, serial number, else a card's ATR. */
export function primaryIdentity(device: DeviceSummary): { readonly label: string; readonly value: string } | undefined {
  const id = device.identity;
  if (id.imei !== undefined) return { label: 'IMEI', value: id.imei };
  if (id.iccid !== undefined) return { label: 'ICCID', value: id.iccid };
  if (id.serialNumber !== undefined) return { label: 'Serial', value: id.serialNumber };
  if (id.atr !== undefined) return { label: 'ATR', value: id.atr.length > 20 ? `${id.atr.slice(0, 20)}…` : id.atr };
  return undefined;
}

/** A card-reader slot (provisioned by writing its card). */
export function isCardReader(device: DeviceSummary): boolean {
  return device.kind === 'card-reader';
}

/** True for a slot a run can start on now: an identified handset, or a card reader holding a card. */
export function isRunnable(device: DeviceSummary): boolean {
  if (isCardReader(device)) return device.identity.atr !== undefined;
  return device.kind === 'handset' && device.identification !== 'pending';
}

/** Human name of a transport. */
export function transportName(transport: DeviceSummary['transport']): string {
  switch (transport) {
    case 'serial':
      return 'Serial';
    case 'usb':
      return 'USB';
    case 'tcp':
      return 'Network';
    case 'pcsc':
      return 'Card reader';
    case 'simulated':
      return 'Simulated';
    default:
      return assertNever(transport);
  }
}

/** Human name of a device kind. */
export function kindName(kind: DeviceSummary['kind']): string {
  switch (kind) {
    case 'handset':
      return 'handset';
    case 'modem':
      return 'modem';
    case 'card-reader':
      return 'card reader';
    case 'unknown':
      return 'unidentified';
    default:
      return assertNever(kind);
  }
}

