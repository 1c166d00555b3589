import type { DeviceId } from '../../../src-shared/domain/device.js';

/** The live trace of DM packages, link frames and APDUs, for one device or the whole station. */
export function TracePanel(_props: { readonly deviceId?: DeviceId }) {
  return null;
}
