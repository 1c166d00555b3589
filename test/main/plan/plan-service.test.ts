import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCliStorage } from '../../../src-main/cli/commands/profile.js';
import { readCurrentEntries, factoryEntries } from '../../../src-main/plan/current-tree.js';
import { deviceFactsFromOptions } from '../../../src-main/plan/facts-options.js';
import { cardSecretFrom, compileProfilePlan, isStationProfileText, needsSerial } from '../../../src-main/plan/plan-service.js';
import type { Storage } from '../../../src-main/storage/open-storage.js';
import { encodeDeviceState } from '../../../src-shared/bootstrap/device-state.js';
import { factoryTree } from '../../../src-shared/bootstrap/factory-tree.js';
import { emptyClientState } from '../../../src-shared/protocol/dm/session/client-ports.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { tempDir } from '../bootstrap/helpers.js';

const SIM_PROFILE = new URL('../../fixtures/plan/sim-handset.yaml', import.meta.url).pathname;
const FIELD = new URL('../../../assets/profiles/field-modem.yaml', import.meta.url).pathname;
let base: { dir: string; remove: () => Promise<void> };
let storage: Storage;

beforeAll(async () => {
  base = await tempDir('bb-plan-service-');
  storage = await openCliStorage({ dataDir: base.dir });
});
afterAll(async () => {
  await storage.close();
  await base.remove();
});

describe('compileProfilePlan', () => {
  const device = { imei: '356938035643809', model: 'Acme M3', usb: { vid: '2c7c', pid: '0125' } };
  it('allocates counters from storage: two devices never share a value, the same device gets its own back on any station', async () => {
    const a = await compileProfilePlan({ file: FIELD, device, purpose: 'preview', dataDir: base.dir, storage, stationId: 'station-a' });
    const b = await compileProfilePlan({ file: FIELD, device: { ...device, imei: '490154203237518' }, purpose: 'preview', dataDir: base.dir, storage, stationId: 'station-b' });
    const again = await compileProfilePlan({ file: FIELD, device, purpose: 'preview', dataDir: base.dir, storage, stationId: 'station-b' });
    if (!a.ok || !b.ok || !again.ok) throw new Error('expected plans');
    expect(a.value.facts.variables.counters?.['visit']).not.toBe(b.value.facts.variables.counters?.['visit']);
    const tag = (p: typeof a.value) => JSON.stringify(p.plan.entries.find((e) => e.ClientURI.startsWith('urn:oma:mo:oma-diagmon:1.0/'))?.MOData);
    expect(tag(a.value)).not.toBe(tag(b.value));
    expect(again.value.facts.variables).toEqual(a.value.facts.variables);
    expect(tag(again.value)).toBe(tag(a.value));
    expect(a.value.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an invalid profile file with a typed error naming the issue', async () => {
    const bad = join(base.dir, 'bad.yaml');
    await writeFile(bad, 'schema: bootbench.profile/v1\nid: X\n');
    await expect(compileProfilePlan({ file: bad, device, purpose: 'preview', dataDir: base.dir, storage, stationId: 's' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/is not a valid profile/) });
  });

  it('a station-ca reference without a CA in the data dir is a plan issue', async () => {
    const r = await compileProfilePlan({ file: SIM_PROFILE, device: { imei: '356938035643809', model: 'SimPhone 2' }, purpose: 'cable', dataDir: base.dir, storage, stationId: 's' });
    expect(!r.ok && r.error[0]).toMatchObject({ code: 'trust-anchor', message: expect.stringMatching(/ca init/) });
  });

  it('needsSerial, isStationProfileText and the card secret derivation', () => {
    expect(isStationProfileText('# c\nschema: bootbench.profile/v1\n')).toBe(true);
    expect(isStationProfileText('{"schema": "bootbench.profile/v1"}')).toBe(true);
    expect(isStationProfileText('{"version":1,"accounts":[]}')).toBe(false);
    const s = cardSecretFrom(new Uint8Array(32).fill(1));
    expect(s('a', '1', 16)).toHaveLength(16);
    expect(s('a', '1', 32)).toEqual(s('a', '1', 32));
    expect(s('a', '1', 32)).not.toEqual(s('a', '2', 32));
    expect(needsSerial({ accounts: [], initialConfig: [] } as never)).toBe(false);
  });
});

describe('facts and current tree inputs', () => {
  it('checks command-line facts with typed errors', () => {
    expect(deviceFactsFromOptions({ usb: '1D6B:0104', atr: '3b 9f', imei: '490154203237518' })).toEqual({ imei: '490154203237518', usb: { vid: '1d6b', pid: '0104' }, atr: Uint8Array.of(0x3b, 0x9f) });
    for (const bad of [{ imei: '12' }, { usb: '1d6b' }, { atr: 'zz' }, { iccid: 'abc' }]) expect(() => deviceFactsFromOptions(bad)).toThrow(ProvisioningError);
  });

  it('reads an MO serialization array or a device state file, and refuses anything else', async () => {
    const identity = { imei: '490154203237518', manufacturer: 'Acme', model: 'X1', firmware: '1.0' };
    const stateFile = join(base.dir, 'state.json');
    await writeFile(stateFile, encodeDeviceState({ tree: factoryTree(identity), client: emptyClientState(), bootstrap: 'factory', generation: 1 }));
    expect(await readCurrentEntries(stateFile)).toEqual(factoryEntries(identity));
    const arrayFile = join(base.dir, 'tree.json');
    await writeFile(arrayFile, JSON.stringify(factoryEntries(identity)));
    expect((await readCurrentEntries(arrayFile)).map((e) => e.ClientURI)).toEqual(['urn:oma:mo:oma-dm-devinfo:1.2/di/', 'urn:oma:mo:oma-dm-dmacc:1.2/bootstrap/']);
    const junk = join(base.dir, 'junk.json');
    await writeFile(junk, '[1,2]');
    await expect(readCurrentEntries(junk)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(readCurrentEntries(join(base.dir, 'absent.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
