import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { bootstrapPushTarget, profilesFixtures } from '../../contract/profiles-fixtures.js';
import { prepareTreeFixtures, treeFixtures } from '../../contract/tree-fixtures.js';

const call: CallContext = { via: 'cli', clientId: 'tree-audit', signal: new AbortController().signal };
let station: Station;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-tree-audit-'));
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 0, discovery: { dataDir: dir, usb: false }, reportUnexpected: (e) => { throw e; } });
  await prepareTreeFixtures(station, dir, call);
  await bootstrapPushTarget(station, dir);
});

type Entry = { step: string; result: string; slot: string | null; error: string | null; fingerprints: string[]; deviceIds: Record<string, string>; data: Record<string, unknown> };
async function entriesOf(step: string): Promise<Entry[]> {
  const page = await station.gate.dispatch('audit.entries', { text: step }, call);
  if (!page.ok) throw new Error(page.error.message);
  return (page.value as { entries: Entry[] }).entries.filter((e) => e.step === step);
}

afterAll(async () => {
  await station.close();
  await rm(dir, { recursive: true, force: true });
});

describe('device work outside runs in the audit log', () => {
  it('an applied change set is one tree.apply step with the device, the version and the changed URIs (never the values)', async () => {
    const [input] = treeFixtures()['tree.apply'](station);
    const applied = await station.gate.dispatch('tree.apply', input, call);
    expect(applied).toMatchObject({ ok: true, value: { kind: 'applied' } });
    const again = await station.gate.dispatch('tree.apply', input, call); // the token is single-use
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const entries = await entriesOf('tree.apply');
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ step: 'tree.apply', result: 'ok', data: { edits: 1, changes: [expect.stringMatching(/^set .*\/MTU$/)] } });
    expect(entry!.deviceIds['imei']).toMatch(/^\d{15}$/);
    expect(entry!.slot).toMatch(/^sim-/);
    expect(JSON.stringify(entry)).not.toContain('1380');
    const verdict = await station.gate.dispatch('audit.verify', undefined, call);
    expect(verdict).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('a certificate push is one cert.push step with the certificate fingerprint; a refused one is a failed step', async () => {
    const [input] = profilesFixtures()['certs.push'](station);
    const locked = await station.gate.dispatch('certs.push', input, call);
    expect(locked).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(await station.gate.dispatch('ca.init', { passphrase: 'correct horse battery' }, call)).toMatchObject({ ok: true });
    const pushed = await station.gate.dispatch('certs.push', input, call);
    expect(pushed.ok).toBe(true);
    const fingerprint = (pushed as { value: { record: { fingerprintSha256: string } } }).value.record.fingerprintSha256;
    const entries = await entriesOf('cert.push');
    expect(entries.map((e) => [e.result, e.error])).toEqual([
      ['ok', null],
      ['fail', 'AUTH_FAILED'],
    ]);
    expect(entries[0]).toMatchObject({ fingerprints: [fingerprint], data: { account: 'operator' } });
    expect(entries[0]!.deviceIds['imei']).toMatch(/^\d{15}$/);
    const verdict = await station.gate.dispatch('audit.verify', undefined, call);
    expect(verdict).toMatchObject({ ok: true, value: { ok: true } });
  });
});
