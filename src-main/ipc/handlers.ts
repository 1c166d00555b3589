import type { AreaCommandName } from '../../src-shared/ipc/contract.js';
import type { Handlers } from './gate.js';
import type { StationServices } from '../services/station-services.js';

/** The handlers of the core commands (the areas in `../areas` answer the rest). */
export type CoreHandlers = Omit<Handlers, AreaCommandName>;

/** Maps every core contract command to its service call. Handlers are one-liners into services. */
export function createHandlers(s: StationServices): CoreHandlers {
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
    'ca.status': async () => s.certificates.status(),
    'ca.init': async ({ passphrase, subject }) => s.certificates.init(passphrase, subject),
    'ca.unlock': async ({ passphrase }) => s.certificates.unlock(passphrase),
    'ca.issue': async (request) => s.certificates.issueFromCsr(request),
    'certs.issued': async () => s.certificates.issued(),
    'certs.inspect': async (request) => s.certificates.inspect(request),
    'audit.entries': async (query) => s.audit.entries(query),
    'audit.verify': async () => s.audit.verify(),
    'audit.export': async ({ format }) => s.audit.export(format),
    'audit.stats': async () => s.audit.stats(),
    'settings.get': async () => s.settings.get(),
    'settings.set': async (update) => s.settings.set(update),
  };
}
