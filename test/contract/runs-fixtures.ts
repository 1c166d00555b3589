import type { Input } from '../../src-shared/ipc/contract.js';
import type { Station } from '../../src-main/station.js';

/** Contract fixtures of the runs area: a run on a built-in simulated handset, cancelled, listed, retried. */
export function runsFixtures(): { readonly [C in 'runs.start' | 'runs.cancel' | 'runs.retryFailed' | 'runs.list']: (station: Station) => readonly Input<C>[] } {
  const simulated = (station: Station) => station.services.registry.idsOf('simulated').slice(0, 1);
  return {
    'runs.start': (station) => [{ deviceIds: simulated(station) }, { all: true }],
    'runs.cancel': (station) => simulated(station).map((deviceId) => ({ deviceId })),
    'runs.retryFailed': () => [undefined],
    'runs.list': () => [undefined],
  };
}
