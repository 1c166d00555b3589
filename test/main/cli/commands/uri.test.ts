import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCliCaptured } from '../../../support/cli.js';

const TREE = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/dm/sensor-tree.json');
const SENSOR = 'urn:oma:mo:ex-sensor:1.0';

describe('bootbench uri resolve', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bootbench-uri-cli-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('--json prints the concrete ClientURIs and leaf values', async () => {
    const run = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/(x)/Data/*/Value?nv=(x)/ID:GPS`, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      targets: [
        { uri: `${SENSOR}/left/Data/1/Value`, kind: 'leaf', format: 'chr', value: 'l1' },
        { uri: `${SENSOR}/left/Data/2/Value`, kind: 'leaf', format: 'chr', value: 'l2' },
      ],
    });
  });

  test('text output lists URIs with values; interior nodes without', async () => {
    const run = await runCliCaptured(['uri', 'resolve', TREE, 'urn:oma:mo:oma-dm-devinfo:1.2//Man']);
    expect(run).toEqual({ code: 0, stdout: 'urn:oma:mo:oma-dm-devinfo:1.2/di/Man\tAcme\n', stderr: '' });
    const root = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/*/`]);
    expect(root.stdout).toBe(`${SENSOR}/left/\n${SENSOR}/right/\n`);
  });

  test('exits 3 when nothing resolves', async () => {
    const run = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/(x)/?nv=(x)/ID:Nope`, '--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('exits 2 for a bad ClientURI, an ambiguous empty mo-inst and bad tree files', async () => {
    const badUri = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/(x)/A`]);
    expect(badUri.code).toBe(2);
    expect(badUri.stderr).toContain('INVALID_REQUEST: Bad ClientURI: x-name (x) has no nv condition');
    expect((await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}//ID`])).code).toBe(2);
    const missing = await runCliCaptured(['uri', 'resolve', join(tmp, 'nope.json'), `${SENSOR}/*/`, '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.message).toContain('cannot read the file');
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"__proto__":{}}}]');
    const bad = await runCliCaptured(['uri', 'resolve', broken, `${SENSOR}/*/`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('reserved name');
    const dup = join(tmp, 'dup.json');
    writeFileSync(dup, '[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{}}},{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{}}}]');
    expect((await runCliCaptured(['uri', 'resolve', dup, 'urn:oma:mo:x:1.0/m/'])).code).toBe(0);
  });

  test('--server applies access control: local instances are invisible to a server', async () => {
    const run = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/*/ID`, '--server', 'dms.acme.example', '--json']);
    expect(run.code).toBe(3);
    const denied = await runCliCaptured(['uri', 'resolve', TREE, `${SENSOR}/left/ID`, '--server', 'dms.acme.example']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('no Read right');
  });

  test('--help documents the tree file with an example', async () => {
    const run = await runCliCaptured(['uri', 'resolve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tree.json is an MO serialization array');
    expect(run.stdout).toContain('"MOData"');
  });
});
