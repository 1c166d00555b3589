import type { Input } from '../../src-shared/ipc/contract.js';
import type { Station } from '../../src-main/station.js';

/** Contract fixtures of the trace area (the runs before them leave records to list and export). */
export function traceFixtures(): { readonly [C in 'trace.list' | 'trace.export' | 'trace.clear']: (station: Station) => readonly Input<C>[] } {
  return {
    'trace.list': () => [{}, { layers: ['dm', 'link'], directions: ['in'], text: 'HELLO', since: 0, limit: 10 }],
    'trace.export': () => [{ format: 'json' }, { format: 'text', layers: ['at'] }],
    'trace.clear': (station) => [{ deviceId: station.services.registry.idsOf('simulated')[0] }, {}],
  };
}
