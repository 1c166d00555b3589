import { useEffect, useReducer } from 'react';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { useBridge, useConnectionStatus } from '../../bridge/bridge-context.js';
import { devicesReducer, INITIAL_DEVICES, type DevicesState } from './devices-state.js';

/** Devices on the bench, kept live from `device.attached`/`device.detached`; re-listed on every (re)connect. */
export function useDevices(onError: (error: ProvisioningError) => void): DevicesState {
  const bridge = useBridge();
  const status = useConnectionStatus();
  const [state, dispatch] = useReducer(devicesReducer, INITIAL_DEVICES);

  useEffect(() => {
    const offAttached = bridge.on('device.attached', (device) => dispatch({ type: 'attached', device }));
    const offDetached = bridge.on('device.detached', ({ deviceId, slot }) => dispatch({ type: 'detached', deviceId, slot }));
    return () => {
      offAttached();
      offDetached();
    };
  }, [bridge]);

  const connected = status.kind === 'connected';
  useEffect(() => {
    if (!connected) return;
    let live = true;
    bridge.call('devices.list', undefined).then(
      (devices) => live && dispatch({ type: 'listed', devices }),
      (error: unknown) => live && error instanceof ProvisioningError && error.code !== 'STATION_UNREACHABLE' && onError(error),
    );
    return () => {
      live = false;
    };
  }, [bridge, connected, onError]);

  return state;
}
