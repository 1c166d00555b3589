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

/** The identity fact that best tells a device apart on the bench: IMEI, else serial number. */
export function primaryIdentity(device: DeviceSummary): { readonly label: string; readonly value: string } | undefined {
  if (device.identity.imei !== undefined) return { label: 'IMEI', value: device.identity.imei };
  if (device.identity.serialNumber !== undefined) return { label: 'Serial', value: device.identity.serialNumber };
  return undefined;
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

