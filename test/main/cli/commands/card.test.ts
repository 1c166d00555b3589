import { execFile } from 'node:child_process';
import { hkdfSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../support/cli.js';
import { VICC_READER, openscTool, startCardLab, type CardLab } from '../../../support/card-lab.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../../bin/bootbench.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../fixtures/card/', import.meta.url));
const bootstrapFile = join(FIXTURES, 'bootstrap-dmacc.json');
const profileFile = join(FIXTURES, 'profile.json');
let lab: CardLab;
let dir: string;

beforeAll(async () => {
  lab = await startCardLab();
  process.env.PCSCLITE_CSOCK_NAME = lab.socketPath;
  dir = mkdtempSync(join(tmpdir(), 'card-cli-'));
});

afterAll(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('bootbench card (over real pcscd + vicc)', () => {
  it('lists readers', async () => {
    const r = await runCliCaptured(['card', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, readers: expect.arrayContaining([{ name: VICC_READER, hasCard: true, atr: '3b951381018073ff01000b' }]) });
  });

  it('writes with a trace, reads back, verifies, and opensc-tool sees the DMB2 header', async () => {
    const write = await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--bootstrap', bootstrapFile, '--data-dir', dir, '--json', '--trace']);
    expect(write.code).toBe(0);
    const out = JSON.parse(write.stdout) as { ok: boolean; report: { status: string; generation: number }; trace: { command: string; sw: string }[] };
    expect(out.report).toMatchObject({ status: 'ok', generation: 1 });
    expect(out.trace[0]).toMatchObject({ command: expect.stringMatching(/^00a4/), sw: expect.any(String) });
    const read = await runCliCaptured(['card', 'read', '--reader', VICC_READER, '--json']);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ ok: true, content: { state: 'valid', generation: 1, bootstrap: [{ MOData: { DMAcc: { ServerID: 'line3.example' } } }] } });
    expect((await runCliCaptured(['card', 'verify', '--reader', VICC_READER, '--bootstrap', bootstrapFile])).stdout).toMatch(/matches/);
    const odf = await openscTool(lab, VICC_READER, ['00 A4 08 0C 04 50 15 52 08', '00 B0 00 00 04']);
    expect(odf).toMatch(/44 4D 42 32/);
  });

  it('accepts --profile as an alias and reports a differing card', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify([{ ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/', MOData: { DMAcc: { ServerID: 'other' } } }]));
    const verify = await runCliCaptured(['card', 'verify', '--reader', VICC_READER, '--bootstrap', other, '--json']);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false, matches: false, state: 'valid' });
    const write = await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--profile', profileFile, '--data-dir', dir]);
    expect(write.code).toBe(0);
    expect(write.stdout).toMatch(/written and verified, generation 2/);
  });

  it('refuses to present a code when the card gives no retry counter, and redacts it when overridden', async () => {
    const pin = join(dir, 'pin.txt');
    writeFileSync(pin, '1234\n', { mode: 0o600 });
    const refused = await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--bootstrap', bootstrapFile, '--pin-file', pin, '--pin-ref', '0A', '--data-dir', dir, '--json', '--trace', '--lot', 'L1']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, report: { status: 'refused', reason: 'counter-unknown' } });
    const forced = await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--bootstrap', bootstrapFile, '--pin-file', pin, '--pin-ref', '0A', '--override-last-try', '--data-dir', dir, '--trace', '--lot', 'L1']);
    expect(forced.stdout + forced.stderr).toMatch(/written and verified/);
    // vicc is a plain ISO card (its PIN is the 4 bytes 1234, P2 ignored), not a UICC: present it as an ADM-style reference, sent as given.
    expect(forced.stderr).toMatch(/0020000a04\*{8}/);
    expect(forced.stdout + forced.stderr).not.toMatch(/31323334/);
  });

  it('maps bad input and missing readers to exit codes 2 and 3', async () => {
    expect((await runCliCaptured(['card', 'read', '--json'])).code).toBe(2);
    const missing = await runCliCaptured(['card', 'read', '--reader', 'No Such Reader', '--json']);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"x":1}');
    expect((await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--bootstrap', bad, '--data-dir', dir])).code).toBe(2);
    expect((await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--profile', bad, '--data-dir', dir])).code).toBe(2);
    const station = join(dir, 'station-profile.json');
    writeFileSync(station, JSON.stringify({ smartcard: { bootstrap: ['line3.example'], pin: { policy: 'none' } } }));
    const refused = await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--profile', station, '--data-dir', dir, '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('serverIds') } });
    expect((await runCliCaptured(['card', 'write', '--reader', VICC_READER, '--bootstrap', join(dir, 'absent.json'), '--data-dir', dir])).code).toBe(3);
  });

  it('works as the built binary in a child process pointed at the lab pcscd', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'card', 'verify', '--reader', VICC_READER, '--bootstrap', bootstrapFile, '--json'], { env: { ...process.env, ...lab.env } });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, matches: true, state: 'valid' });
  });
});

describe('bootbench card write --profile <station profile>', () => {
  const labProfile = fileURLToPath(new URL('../../../fixtures/plan/lab-card.yaml', import.meta.url));
  it('compiles the card content for this card (ATR from the reader) and writes it; verify refuses a station profile', async () => {
    process.env.BB_CARD_CRED_KEY = '3c'.repeat(32);
    const args = ['card', 'write', '--reader', VICC_READER, '--profile', labProfile, '--iccid', '8944100000000000012', '--credential-key-env', 'BB_CARD_CRED_KEY', '--data-dir', dir, '--json'];
    const write = await runCliCaptured(args);
    expect(write.code).toBe(0);
    expect(write.stdout).not.toContain('3c3c3c');
    const read = await runCliCaptured(['card', 'read', '--reader', VICC_READER, '--json']);
    const content = (JSON.parse(read.stdout) as { content: { bootstrap: { ClientURI: string; MOData: { DMAcc: { Name: string; Auth: { Trsp: { Data: string; Secret: string } } } } }[] } }).content;
    const acc = content.bootstrap[0]!;
    expect(acc.ClientURI).toBe('urn:oma:mo:oma-dm-dmacc:1.2/operator/');
    expect(acc.MOData.DMAcc.Name).toBe('Card 8944100000000000012');
    const expected = Buffer.from(hkdfSync('sha256', Buffer.alloc(32, 0x3c), 'op-dm.test', 'bootbench-card-psk|8944100000000000012', 32));
    expect(Buffer.from(acc.MOData.DMAcc.Auth.Trsp.Secret, 'base64')).toEqual(expected);
    const noKey = await runCliCaptured(args.filter((a) => a !== '--credential-key-env' && a !== 'BB_CARD_CRED_KEY'));
    expect(noKey.code).toBe(2);
    expect(JSON.parse(noKey.stdout)).toMatchObject({ error: { message: expect.stringMatching(/credential key/) } });
    const wrongAtr = await runCliCaptured([...args, '--atr', '3b00']);
    expect(wrongAtr.code).toBe(2);
    expect(JSON.parse(wrongAtr.stdout)).toMatchObject({ error: { message: expect.stringMatching(/target.atr/) } });
    const verify = await runCliCaptured(['card', 'verify', '--reader', VICC_READER, '--profile', labProfile, '--json']);
    expect(verify.code).toBe(2);
  });
});
