import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultStartDeps, startApp } from '../../src-main/cli/commands/start.js';
import { EXIT } from '../../src-main/cli/io.js';
import { ERROR_CODES, ProvisioningError } from '../../src-shared/errors/index.js';
import { captureIO, runCliCaptured, type CliRun } from '../support/cli.js';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { FIXTURE_PATH, tempDir } from '../main/bootstrap/helpers.js';
import { spawnSim, type SimProcess } from '../main/sim/sim-process.js';
import { spawnCli } from './cli-process.js';

// The cases the per-command suites (test/main/cli/commands/*) did not have: together with them
// every command has a success, a bad-input and (where it touches a device) a device-failure case;
// test/cli/coverage.test.ts checks that against the command table.

const ErrorJson = z.strictObject({ ok: z.literal(false), error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), retryable: z.boolean() }) });
const root = join(import.meta.dirname, '..', '..');
let dir: string;
let remove: () => Promise<void>;
const f = (name: string) => join(dir, name);

function json<T>(run: CliRun, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(run.stdout.trim().split('\n').at(-1)!));
}

beforeAll(async () => {
  ({ dir, remove } = await tempDir('bb-cli-matrix-'));
  writeFileSync(f('pass'), 'correct horse battery staple\n');
  writeFileSync(f('junk'), 'not a profile: [');
});
afterAll(async () => {
  await remove();
});

describe.concurrent('bad input: exit 2 with a typed JSON error', () => {
  it.each([
    ['ca import', ['ca', 'import', 'junk', '--passphrase-file', 'pass', '--data-dir', 'ca-import', '--json']],
    ['ca rotate', ['ca', 'rotate', '--rsa', '512', '--passphrase-file', 'pass', '--data-dir', 'ca-rotate', '--json']],
    ['ca export', ['ca', 'export', '--p12', 'out.p12', '--data-dir', 'ca-export', '--json']],
    ['ca status (a file as data dir)', ['ca', 'status', '--data-dir', 'junk', '--json']],
    ['profile diff', ['profile', 'diff', 'junk', 'junk', '--json']],
    ['profile show', ['profile', 'show', 'junk', '--json']],
    ['audit verify', ['audit', 'verify', '--expect', 'seven:beef', '--json']],
    ['ddf standard', ['ddf', 'standard', '--out', 'junk', '--json']],
    ['card lot-reset', ['card', 'lot-reset', '--lot', '../escape', '--data-dir', 'lots', '--json']],
    ['sim', ['sim', '--port', '/dev/null', '--fault', 'corrupt=7']],
  ])('%s', async (_name, args) => {
    const run = await runCliCaptured(args.map((a, i) => (i > 1 && ['pass', 'junk', 'out.p12', 'ca-import', 'ca-rotate', 'ca-export', 'lots'].includes(a) ? f(a) : a)));
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.badInput);
    expect(json(run, ErrorJson).error.code).toMatch(/^(INVALID_REQUEST|CERT_INVALID)$/);
  });

  it.each([
    ['reference', ['reference', '--bogus'], "unknown option '--bogus'"],
    ['ca status', ['ca', 'status', '--json', 'extra'], 'too many arguments'],
    ['ca issued', ['ca', 'issued', '--device-id'], "option '--device-id <id>' argument missing"],
    ['audit stats', ['audit', 'stats', 'extra'], 'too many arguments'],
    ['tree dump', ['tree', 'dump', '--json'], "required option '--port <path>' not specified"],
    ['tree diff', ['tree', 'diff', 'tree.json', '--json'], "required option '--port <path>' not specified"],
  ])('%s: usage errors are exit 2 with the reason and the help', async (_name, args, reason) => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain('Usage: bootbench');
  });

  it('start: a bad --port is refused before anything starts (web station fallback)', async () => {
    const c = captureIO();
    const deps = { ...defaultStartDeps(), findElectron: () => undefined, stopped: () => Promise.resolve() };
    await expect(startApp(c.io, { port: 'abc', host: '127.0.0.1', sim: '0', pollMs: '1000' }, deps)).rejects.toSatisfy((e) => e instanceof ProvisioningError && e.code === 'INVALID_REQUEST');
  });
});

describe.concurrent('success with schema-checked --json', () => {
  it('ca init creates an EC CA; ca status shows it', async () => {
    const data = f('ca-ok');
    const init = await runCliCaptured(['ca', 'init', '--passphrase-file', f('pass'), '--data-dir', data, '--json']);
    expect(init.code, `${init.stderr}${init.stdout}`).toBe(EXIT.ok);
    expect(JSON.stringify(JSON.parse(init.stdout))).not.toContain('correct horse');
    const status = await runCliCaptured(['ca', 'status', '--data-dir', data, '--json']);
    expect(json(status, z.object({ initialized: z.literal(true), active: z.object({ subject: z.string(), key: z.object({ kind: z.literal('ec') }) }) }))).toBeTruthy();
  });

  it('card lot-reset reopens a lot (a file in the data dir, no card needed)', async () => {
    const run = await runCliCaptured(['card', 'lot-reset', '--lot', 'L42', '--data-dir', f('lots-ok'), '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
  });

  it('ddf standard lists the shipped MO descriptions', async () => {
    const run = await runCliCaptured(['ddf', 'standard', '--json']);
    expect(run.code).toBe(EXIT.ok);
    const list = z.array(z.object({}).passthrough()).parse(JSON.parse(run.stdout));
    expect(list.length).toBeGreaterThan(5);
  });

  it('profile diff of two samples lists changes by JSON pointer', async () => {
    const sample = (n: string) => join(root, 'assets', 'profiles', `${n}.yaml`);
    const run = await runCliCaptured(['profile', 'diff', sample('factory-handset'), sample('field-modem'), '--json']);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain('/');
  });

  it('reference prints Markdown with every group', async () => {
    const run = await runCliCaptured(['reference']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^# Bootbench CLI reference/);
  });
});

describe.concurrent('against the simulator on a pty', () => {
  const pairs: PtyPair[] = [];
  const sims: SimProcess[] = [];
  afterAll(async () => {
    for (const s of sims) await s.stop();
    for (const p of pairs) await p.stop();
  });

  it('sim: runs a handset on a pty until SIGTERM (exit 0); a missing port is DEVICE_NOT_FOUND (exit 3)', async () => {
    const pair = await startPtyPair(dir, 'simtty');
    pairs.push(pair);
    const sim = spawnCli(['sim', '--port', pair.b, '--seed', '5']);
    const ready = JSON.parse(await sim.waitForLine(/"event":"ready"/)) as { event: string };
    expect(ready.event).toBe('ready');
    expect(await sim.stop()).toBe(EXIT.ok);
    const missing = await runCliCaptured(['sim', '--port', f('no-such-dir/tty')]);
    expect(missing.code).toBe(EXIT.notFound);
    expect(json(missing, ErrorJson).error.code).toBe('DEVICE_NOT_FOUND');
  });

  it('bootstrap: a handset that hangs up mid-session is a device failure (exit 1, typed result)', async () => {
    const pair = await startPtyPair(dir, 'hanguptty');
    pairs.push(pair);
    sims.push(await spawnSim(['--port', pair.b, '--seed', '6', '--fault', 'hangup-at=400']));
    const run = await runCliCaptured(['bootstrap', '--port', pair.a, '--profile', FIXTURE_PATH, '--journal', f('j-hangup'), '--timeout-ms', '1500', '--json']);
    expect(run.code).toBe(EXIT.deviceFailure);
    const result = json(run, z.object({ event: z.literal('result'), kind: z.literal('failed'), error: z.object({ code: z.enum(ERROR_CODES), retryable: z.boolean() }), stage: z.string() }));
    expect(result.error.retryable).toBe(true);
  });
});
