import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadProfileFile, parseProfileText } from '../../../src-main/profile/profile-file.js';
import { minimalProfile } from '../../shared/profile/minimal-profile.js';

const assets = join(import.meta.dirname, '..', '..', '..', 'assets', 'profiles');

describe('profile files', () => {
  it('every sample profile in assets/profiles validates', async () => {
    const files = (await readdir(assets)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    expect(files).toEqual(['factory-handset.yaml', 'field-modem.yaml', 'retail-sim.yaml']);
    for (const f of files) {
      const loaded = await loadProfileFile(join(assets, f));
      expect(loaded.ok ? 'ok' : loaded.issues.map((i) => formatIssue(f, i))).toBe('ok');
    }
  });

  it('YAML and JSON of the same profile have the same content hash', () => {
    const json = parseProfileText(JSON.stringify(minimalProfile(), null, 2), 'p.json');
    const yaml = parseProfileText(
      [
        '# comments do not count',
        'version: "1"',
        'schema: bootbench.profile/v1',
        'id: test-profile',
        'name: Test',
        'target: { models: [Acme X1] }',
        'accounts:',
        '  - { authority: operator, serverId: op, serverUri: "https://dm.example/dm2", name: "Operator {imei}",',
        '      permittedMoids: [urn:oma:mo:oma-dm-devinfo:1.2, urn:oma:mo:oma-connmo-nap:1.0],',
        '      credential: { kind: device-csr, keyType: ec-p256, validityDays: 365 } }',
        'initialConfig: [{ moid: urn:oma:mo:oma-connmo-nap:1.0, miid: net, data: { NAP: { Name: "N{counter:unit}", Addr: apn.example } } }]',
        'variables: { counters: [{ name: unit, start: 1, width: 4 }] }',
      ].join('\n'),
      'p.yaml',
    );
    expect(json.ok && yaml.ok).toBe(true);
    if (json.ok && yaml.ok) expect(yaml.hash).toBe(json.hash);
  });

  it('points YAML errors at line:column and JSON pointer', () => {
    const text = ['schema: bootbench.profile/v1', 'id: p', 'name: P', 'version: "1"', 'target:', '  models: [X]', 'accounts:', '  - authority: a', '    serverId: s', '    serverUri: ftp://nope', '    name: "n {mac}"', '    permittedMoids: [urn:x]', '    credential: { kind: none }', '    colour: red'].join('\n');
    const r = parseProfileText(text, 'p.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => formatIssue('p.yaml', i))).toEqual(['p.yaml:10:16: /accounts/0/serverUri: must be an http(s) URI', 'p.yaml:14:5: /accounts/0/colour: unknown field "colour"']);
    const fixed = parseProfileText(text.replace('ftp://nope', 'https://dm.example').replace('    colour: red', ''), 'p.yaml');
    expect(fixed.ok ? [] : fixed.issues.map((i) => formatIssue('p.yaml', i))).toEqual([expect.stringMatching(/^p\.yaml:11:11: \/accounts\/0\/name: unknown variable \{mac\}/)]);
  });

  it('points JSON errors at line:column too, and a missing field at its parent', () => {
    const doc = minimalProfile() as Record<string, unknown>;
    delete doc['name'];
    (doc['variables'] as { counters: Array<Record<string, unknown>> }).counters[0]!['width'] = -1;
    const text = JSON.stringify(doc, null, 2);
    const r = parseProfileText(text, 'p.json');
    if (r.ok) throw new Error('should fail');
    const lines = text.split('\n');
    const widthLine = lines.findIndex((l) => l.includes('"width": -1'));
    expect(r.issues.map((i) => [i.pointer, i.line, i.column])).toEqual([
      ['/name', 1, 1],
      ['/variables/counters/0/width', widthLine + 1, lines[widthLine]!.indexOf('-1') + 1],
    ]);
  });

  it('reports syntax errors and duplicate keys with a position, never throwing', () => {
    const bad = parseProfileText('id: a\nid: b\n', 'dup.yaml');
    expect(bad).toMatchObject({ ok: false, issues: [{ pointer: '', line: 2, column: 1 }] });
    const broken = parseProfileText('{ "id": ', 'x.json');
    expect(broken.ok).toBe(false);
    expect(parseProfileText('', 'empty.yaml').ok).toBe(false);
    expect(parseProfileText('- 1\n- 2', 'list.yaml').ok).toBe(false);
  });

  it('never throws on arbitrary text or documents (fuzz), and answers each in < 100 ms', () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.constantFrom('a: &x [*x]', 'a: !!binary zz', '? [a]\n: b', '%YAML 9.9\n---\na: 1', 'a: b: c', '- - - -', 'x: *nope'),
      fc.record({ schema: fc.constantFrom('bootbench.profile/v1'), id: fc.string(), accounts: fc.anything() }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        const t0 = performance.now();
        let r: ReturnType<typeof parseProfileText> | undefined;
        for (let attempt = 0; attempt < 3; attempt++) {
          const start = performance.now();
          r = parseProfileText(text, 'fuzz.yaml');
          if (performance.now() - start < 100) break; // re-measure once or twice: shared cores stall
        }
        expect(r!.ok === true || r!.issues.length > 0).toBe(true);
        expect(performance.now() - t0).toBeLessThan(300);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds alias expansion (billion laughs) with an issue, not a hang', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
    expect(parseProfileText(bomb, 'bomb.yaml').ok).toBe(false);
  });

  it('refuses a missing file with NOT_FOUND', async () => {
    await expect(loadProfileFile(join(assets, 'nope.yaml'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
