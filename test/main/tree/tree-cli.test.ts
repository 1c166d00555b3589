import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import { TreeCompareOutput, TreeDumpOutput, TreeGetOutput, TreeSetOutput } from '../../../src-shared/tree/cli-schema.js';
import { APN_MOID } from '../../../src-shared/tree/tree-ddf.js';
import { runCliCaptured } from '../../support/cli.js';
import { startPtyPair, type PtyPair } from '../../support/socat.js';
import { loadFixtureSpec, tempDir } from '../bootstrap/helpers.js';
import { spawnSim, type SimProcess } from '../sim/sim-process.js';

// `bootbench tree` in process against the simulator process on a real socat pty pair, bootstrapped
// over the same cable first. One handset, commands in sequence (each is one DM session).
let dir = '';
let remove: () => Promise<void> = async () => undefined;
let pair: PtyPair;
let sim: SimProcess;
const MTU = `${APN_MOID}/internet/MTU`;

beforeAll(async () => {
  ({ dir, remove } = await tempDir('bb-tree-cli-'));
  pair = await startPtyPair(dir, 'tree');
  sim = await spawnSim(['--port', pair.b, '--state', join(dir, 'phone.json'), '--seed', '11']);
  const channel = await openSerialChannel({ path: pair.a, hangupProbeMs: 20 });
  const result = await runCableBootstrap({ channel, spec: await loadFixtureSpec(), journalDir: dir, timeoutMs: 20_000 });
  if (result.kind !== 'completed') throw new Error(`bootstrap ${result.kind}`);
});
afterAll(async () => {
  await sim?.stop();
  await pair?.stop();
  await remove();
});

const tree = (...args: string[]) => runCliCaptured(['tree', ...args, '--port', pair.a]);

describe('bootbench tree over a socat pty (simulator process)', () => {
  it('dump --json is a whole tree (schema-checked); get prints a value, a subtree, or JSON', async () => {
    const dump = await tree('dump', '--json');
    expect(dump.code, dump.stderr).toBe(0);
    const parsed = TreeDumpOutput.parse(JSON.parse(dump.stdout));
    expect(parsed.tree.devId).toMatch(/^IMEI:\d{15}$/);
    expect(parsed.tree.rows.length).toBeGreaterThan(50);
    expect(dump.stdout).not.toMatch(/"Password","depth":\d+,[^}]*"value"/);

    expect(await tree('get', MTU)).toMatchObject({ code: 0, stdout: '1420\n' });
    const sub = await tree('get', `${APN_MOID}/internet/`);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('MTU = 1420  [int, writable]');
    expect(sub.stdout).toContain('Password = •••••• (write-only)');
    const json = TreeGetOutput.parse(JSON.parse((await tree('get', MTU, '--json')).stdout));
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0]).toMatchObject({ format: 'int', value: '1420' });
  });

  it('set shows the diff, applies it and reads the new value back from the device', async () => {
    const set = await tree('set', MTU, '1380');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(`~ ${MTU}: 1420 → 1380`);
    expect(set.stdout).toContain('applied; read back: 1380');
    expect(await tree('get', MTU)).toMatchObject({ code: 0, stdout: '1380\n' });
    const json = TreeSetOutput.parse(JSON.parse((await tree('set', MTU, '1400', '--json')).stdout));
    expect(json).toMatchObject({ result: 'applied', readBack: '1400', diff: [{ kind: 'value', before: '1380', after: '1400' }] });
  });

  it('a secret is set only from the environment, and never printed', async () => {
    const uri = `${APN_MOID}/internet/Password`;
    const argv = await tree('set', uri, 'in-argv-1');
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain('--value-env');
    process.env['BB_TREE_TEST_SECRET'] = 'from-env-2';
    try {
      const set = await tree('set', uri, '--value-env', 'BB_TREE_TEST_SECRET', '--json');
      expect(set.code, set.stderr).toBe(0);
      const out = TreeSetOutput.parse(JSON.parse(set.stdout));
      expect(out).toMatchObject({ result: 'applied', diff: [{ masked: true, before: '••••••', after: '••••••' }] });
      expect(out.readBack).toBeUndefined();
      expect(set.stdout + set.stderr).not.toContain('from-env-2');
    } finally {
      delete process.env['BB_TREE_TEST_SECRET'];
    }
    expect((await tree('set', uri)).code).toBe(2);
  });

  it('bad input and absent things get typed errors and exit codes', async () => {
    const badValue = await tree('set', MTU, 'lots', '--json');
    expect(badValue.code).toBe(2);
    expect(JSON.parse(badValue.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect((await tree('set', `${APN_MOID}/internet/Roaming`, 'yes')).code).toBe(2);
    const readOnly = await tree('set', 'urn:oma:mo:oma-dm-devinfo:1.2/di/Lang', 'de-DE');
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain('read-only');
    expect((await tree('get', 'not a uri//?&')).code).toBe(2);
    expect((await tree('get', `${APN_MOID}/nosuch/Name`)).code).toBe(3);
    expect((await runCliCaptured(['tree', 'dump', '--port', join(dir, 'no-such-port')])).code).toBe(3);
  });

  it('diff against a file: identical → 0, differences listed → 1 (JSON schema-checked)', async () => {
    const dump = TreeDumpOutput.parse(JSON.parse((await tree('dump', '--json')).stdout));
    const mtu = dump.tree.rows.find((r) => r.uri === MTU)!.value!;
    const same = join(dir, 'same.json');
    await writeFile(same, JSON.stringify([{ ClientURI: `${APN_MOID}/internet/`, MOData: { APN: { Name: 'internet.operator.test', Auth: 'PAP', User: 'web', MTU: mtu, IPType: 'IPV4V6', Roaming: 'true' } } }]));
    expect(await tree('diff', same)).toMatchObject({ code: 0, stdout: 'identical\n' });
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify([{ ClientURI: `${APN_MOID}/internet/`, MOData: { APN: { Name: 'internet.operator.test', Auth: 'CHAP', MTU: mtu, IPType: 'IPV4V6', Roaming: 'true', Password: 'never-shown' } } }]));
    const d = await tree('diff', other, '--json');
    expect(d.code).toBe(1);
    const out = TreeCompareOutput.parse(JSON.parse(d.stdout));
    expect(out.identical).toBe(false);
    expect(out.differences).toEqual([
      { kind: 'changed', uri: `${APN_MOID}/internet/Auth`, device: 'PAP', file: 'CHAP' },
      { kind: 'device-only', uri: `${APN_MOID}/internet/User`, device: 'web' },
    ]);
    expect(d.stdout).not.toContain('never-shown');
    expect((await tree('diff', join(dir, 'missing.json'))).code).toBe(3);
  });

  it('--help explains the account, the exit codes and gives examples', async () => {
    const help = await runCliCaptured(['tree', 'set', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('bootbench-station');
    expect(help.stdout).toContain('Exit codes');
    expect(help.stdout).toContain('bootbench tree set urn:oma:mo:ext-bootbench-apn:1.0/internet/MTU 1380');
  });
});
