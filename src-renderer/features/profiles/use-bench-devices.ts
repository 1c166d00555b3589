import { useEffect, useReducer, useState } from 'react';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { asProvisioningError } from '../../lib/use-action.js';
import { devicesReducer, INITIAL_DEVICES, type DevicesState } from '../bench/devices-state.js';

/**
 * The Bench's devices for a picker: listed once, then kept live from `device.attached`/`detached`
 * (the Bench's reducer); a failed listing is returned, not thrown.
 */
export function useBenchDevices(): DevicesState & { readonly error: ProvisioningError | undefined } {
  const bridge = useBridge();
  const [state, dispatch] = useReducer(devicesReducer, INITIAL_DEVICES);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const offAttached = bridge.on('device.attached', (device) => dispatch({ type: 'attached', device }));
    const offDetached = bridge.on('device.detached', ({ deviceId, slot }) => dispatch({ type: 'detached', deviceId, slot }));
    bridge.call('devices.list', undefined).then(
      (devices) => live && dispatch({ type: 'listed', devices }),
      (e: unknown) => live && setError(asProvisioningError(e)),
    );
    return () => {
      live = false;
      offAttached();
      offDetached();
    };
  }, [bridge]);
  return { ...state, error };
}
