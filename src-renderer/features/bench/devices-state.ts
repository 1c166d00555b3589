import type { DeviceId, DeviceSummary } from '../../../src-shared/domain/device.js';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';

/** What the Bench knows about attached devices. */
export interface DevicesState {
  /** `undefined` until the first list arrives. */
  readonly devices: readonly DeviceSummary[] | undefined;
  /** Last change, for the live region ("Simulated handset 2 attached on sim-2"). */
  readonly announcement: string;
}

/** Changes to {@link DevicesState}. */
export type DevicesAction =
  | { readonly type: 'listed'; readonly devices: readonly DeviceSummary[] }
  | { readonly type: 'attached'; readonly device: Payload<'device.attached'> }
  | { readonly type: 'detached'; readonly deviceId: DeviceId; readonly slot: string };

/** The state before anything is known. */
export const INITIAL_DEVICES: DevicesState = { devices: undefined, announcement: '' };

/**
 * Applies one change. A list replaces everything (the station answers in order, so it already
 * holds every earlier event); attach upserts by id (in place for a known id); detach removes by id.
 */
export function devicesReducer(state: DevicesState, action: DevicesAction): DevicesState {
  switch (action.type) {
    case 'listed':
      return { ...state, devices: action.devices };
    case 'attached': {
      // An attach for a known id is an update (identified, slot renamed): replace it in place.
      const devices = state.devices ?? [];
      const known = devices.some((d) => d.id === action.device.id);
      const slot = action.device.slotName ?? action.device.slot;
      if (!known) return { devices: [...devices, action.device], announcement: `${action.device.label} attached on ${slot}` };
      // Announced only when what the user hears changes (a new name or slot name), not for a quiet re-identification.
      const before = devices.find((d) => d.id === action.device.id);
      const same = before !== undefined && before.label === action.device.label && (before.slotName ?? before.slot) === slot;
      return {
        devices: devices.map((d) => (d.id === action.device.id ? action.device : d)),
        announcement: action.device.identification === 'pending' || same ? state.announcement : `${action.device.label} updated on ${slot}`,
      };
    }
    case 'detached': {
      const gone = state.devices?.find((d) => d.id === action.deviceId);
      return {
        devices: (state.devices ?? []).filter((d) => d.id !== action.deviceId),
        announcement: `${gone?.label ?? 'Device'} detached from ${action.slot}`,
      };
    }
    default:
      return assertNever(action);
  }
}
