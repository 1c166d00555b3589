import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { prepareTreeFixtures, treeFixtures } from '../../contract/tree-fixtures.js';

const call: CallContext = { via: 'cli', clientId: 'tree-audit', signal: new AbortController().signal };
let station: Station;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-tree-audit-'));
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 0, discovery: { dataDir: dir, usb: false }, reportUnexpected: (e) => { throw e; } });
  await prepareTreeFixtures(station, dir, call);
});

afterAll(async () => {
  await station.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tree edits in the audit log', () => {
  it('an applied change set is one tree.apply step with the device, the version and the changed URIs (never the values)', async () => {
    const [input] = treeFixtures()['tree.apply'](station);
    const applied = await station.gate.dispatch('tree.apply', input, call);
    expect(applied).toMatchObject({ ok: true, value: { kind: 'applied' } });
    const again = await station.gate.dispatch('tree.apply', input, call); // the token is single-use
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const page = await station.gate.dispatch('audit.entries', { text: 'tree.apply' }, call);
    expect(page.ok).toBe(true);
    const entries = (page as { value: { entries: { step: string; result: string; slot: string | null; deviceIds: Record<string, string>; data: Record<string, unknown> }[] } }).value.entries;
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ step: 'tree.apply', result: 'ok', data: { edits: 1, changes: [expect.stringMatching(/^set .*\/MTU$/)] } });
    expect(entry!.deviceIds['imei']).toMatch(/^\d{15}$/);
    expect(entry!.slot).toMatch(/^sim-/);
    expect(JSON.stringify(entry)).not.toContain('1380');
    const verdict = await station.gate.dispatch('audit.verify', undefined, call);
    expect(verdict).toMatchObject({ ok: true, value: { ok: true } });
  });
});
