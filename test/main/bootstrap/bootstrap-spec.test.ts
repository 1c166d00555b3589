import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { planBootstrap } from '../../../src-shared/bootstrap/bootstrap-plan.js';
import { parseBootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { FIXTURE_PATH } from './helpers.js';

// src-shared/bootstrap tests live here: this work's test paths are test/main/{sim,bootstrap}.
describe('bootstrap description (src-shared/bootstrap/bootstrap-spec.ts)', () => {
  it('parses the fixture and plans accounts, anchors, config and rights as HGETs over the link', async () => {
    const spec = parseBootstrapSpec(await readFile(FIXTURE_PATH, 'utf8'));
    expect(spec.ok).toBe(true);
    if (!spec.ok) return;
    expect(spec.value.accounts[0]?.account.auth?.trsp?.secret).toBeInstanceOf(Uint8Array);
    const plan = planBootstrap(spec.value);
    expect(plan.publications.map((p) => p.path)).toEqual(['/repo/bootstrap/accounts', '/repo/bootstrap/trust-anchors', '/repo/bootstrap/config', '/repo/bootstrap/rights']);
    expect(plan.commands.map((c) => (c.name === 'HGET' ? c.serverUri : c.name))).toEqual(plan.publications.map((p) => `http://station.link${p.path}`));
    expect(plan.instances).toHaveLength(7);
  });

  const base = { version: 1, accounts: [{ miid: 'a', srvId: 's', srvUri: 'https://127.0.0.1/dm', name: 'n', permittedMoids: ['m'] }] };
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{', /not valid JSON/],
    ['wrong version', { ...base, version: 2 }, /version/],
    ['no accounts', { ...base, accounts: [] }, /accounts/],
    ['non-http SrvURI', { ...base, accounts: [{ ...base.accounts[0], srvUri: 'ftp://x' }] }, /accounts\.0/],
    ['secret not base64', { ...base, accounts: [{ ...base.accounts[0], auth: { trsp: { data: 'AA==', secret: 'top secret!' } } }] }, /base64/],
    ['duplicate MIID', { ...base, accounts: [base.accounts[0], base.accounts[0]] }, /used twice/],
    ['config without instance', { ...base, config: [{ ClientURI: 'urn:x:1.0', MOData: { X: 'y' } }] }, /instance root/],
    ['config with two roots', { ...base, config: [{ ClientURI: 'urn:x:1.0/i/', MOData: { X: 'y', Y: 'z' } }] }, /one root/],
    ['unknown member', { ...base, extra: true }, /Unrecognized|unrecognized/],
  ];
  it.each(cases)('refuses %s with a typed INVALID_REQUEST', (_name, input, message) => {
    const r = parseBootstrapSpec(typeof input === 'string' ? input : JSON.stringify(input));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_REQUEST');
    expect(r.error.message).toMatch(message);
    expect(r.error.message).not.toContain('top secret');
  });
});
