import type { Handlers } from './gate.js';
import type { StationServices } from '../services/station-services.js';

/** Maps every contract command to its service call. Handlers are one-liners into services. */
export function createHandlers(s: StationServices): Handlers {
  return {
    'station.info': async () => s.info,
    'devices.list': async () => s.registry.list(),
    'simulator.attach': async ({ label }) => s.simulator.attach(label),
    'simulator.detach': async ({ deviceId }) => {
      s.simulator.detach(deviceId);
      return null;
    },
    'devices.identify': async ({ deviceId }) => s.discovery.identify(deviceId),
    'slots.rename': async ({ slot, name }) => s.discovery.renameSlot(slot, name),
  };
}
