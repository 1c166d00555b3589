import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CableCa } from '../../../src-main/bootstrap/station-key.js';
import { nodeClock } from '../../../src-main/dm/dm-server-host.js';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../../src-main/pki/secret-box.js';
import { StationCa } from '../../../src-main/pki/station-ca.js';
import { testStation, type TestStation } from '../runs/run-harness.js';

/**
 * A test station (temp storage, simulated bench) with a real station CA, created and unlocked, and
 * `profile` written beside it as `fileName`; the station is pushed onto `stations` for cleanup.
 */
export async function caStation(stations: TestStation[], profile: string, fileName: string): Promise<{ s: TestStation; cableCa: CableCa; ca: StationCa; file: string }> {
  const s = await testStation();
  stations.push(s);
  const store = await CaStore.open(join(s.dir, 'ca'));
  const ca = new StationCa(store, nodeClock);
  const protector = new PassphraseProtector('station passphrase for cable certificates');
  await ca.init({ spec: 'ec-p256', subject: 'CN=Bootbench Cable CA', validityDays: 365 }, protector);
  const signer = await store.unlock(protector);
  const file = join(s.dir, fileName);
  await writeFile(file, profile);
  return { s, ca, cableCa: { ca, signer: () => signer }, file };
}
