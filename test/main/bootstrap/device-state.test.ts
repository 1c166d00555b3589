import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_SERVER_ID } from '../../../src-shared/bootstrap/cable-constants.js';
import { decodeDeviceState, encodeDeviceState } from '../../../src-shared/bootstrap/device-state.js';
import { factoryTree } from '../../../src-shared/bootstrap/factory-tree.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { allInstances, getInstance } from '../../../src-shared/protocol/dm/tree/tree.js';
import { emptyClientState } from '../../../src-shared/protocol/dm/session/client-ports.js';

const identity = { imei: '356938035643809', manufacturer: 'Bootbench', model: 'SimPhone 2', firmware: '1.0' };

describe('device state file codec (src-shared/bootstrap/device-state.ts)', () => {
  it('round-trips the factory tree with creators and rights', () => {
    const state = { tree: factoryTree(identity, ['urn:x:1.0']), client: emptyClientState(), bootstrap: 'factory' as const, generation: 1 };
    const back = decodeDeviceState(encodeDeviceState(state));
    expect(allInstances(back.tree).map((i) => `${i.moid}/${i.miid}`)).toEqual(allInstances(state.tree).map((i) => `${i.moid}/${i.miid}`));
    expect(getInstance(back.tree, STANDARD_MOIDS.devInfo, 'di')?.permissions.get(BOOTSTRAP_SERVER_ID)).toEqual(['Read']);
    expect(encodeDeviceState(back)).toBe(encodeDeviceState(state));
  });

  it('turns any malformed file into a typed INVALID_REQUEST, never another exception', () => {
    const good = JSON.parse(encodeDeviceState({ tree: factoryTree(identity), client: emptyClientState(), bootstrap: 'complete', generation: 3 })) as Record<string, unknown>;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.record({ key: fc.constantFrom(...Object.keys(good)), value: fc.jsonValue() }).map(({ key, value }) => JSON.stringify({ ...good, [key]: value }))), (text) => {
        try {
          decodeDeviceState(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProvisioningError);
          expect((error as ProvisioningError).code).toBe('INVALID_REQUEST');
        }
      }),
      { numRuns: 300 },
    );
  });
});
