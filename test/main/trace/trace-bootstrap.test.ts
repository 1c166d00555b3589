import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { exportTrace } from '../../../src-main/areas/trace.js';
import { TraceRecorder } from '../../../src-main/trace/trace-recorder.js';
import { traceChannel } from '../../../src-main/trace/trace-sink.js';
import { loadFixtureSpec, tempDir } from '../bootstrap/helpers.js';

/** Every credential of the fixture, as base64, hex and raw text, must never reach the trace. */
async function fixtureSecrets(): Promise<string[]> {
  const json = JSON.parse(await readFile(new URL('../../fixtures/bootstrap/bootstrap.json', import.meta.url), 'utf8')) as unknown;
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'secret' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(json);
  return out.flatMap((b64) => [b64, Buffer.from(b64, 'base64').toString('hex')]);
}

describe('trace of a cable bootstrap (real station and simulated handset in memory)', () => {
  it('records AT lines, link frames and the DM packages they carry, masks every credential, and leaves the bootstrap unchanged', async () => {
    const spec = await loadFixtureSpec();
    const { dir, remove } = await tempDir('bb-trace-');
    try {
      const [stationEnd, deviceEnd] = memoryChannelPair();
      const recorder = new TraceRecorder();
      const line = { deviceId: 'simulated:sim-7' as DeviceId, slot: 'sim-7' };
      const device = new SimDevice({ channel: deviceEnd, store: new MemoryStateStore(), identity: simIdentity(7) });
      const running = device.run();
      const result = await runCableBootstrap({ channel: traceChannel(stationEnd, recorder, line), spec, journalDir: dir });
      await running;
      expect(result.kind).toBe('completed');

      const { records } = recorder.list({ limit: 20_000 });
      const summaries = (layer: string, direction?: string) => records.filter((r) => r.layer === layer && (direction === undefined || r.direction === direction)).map((r) => r.summary);
      expect(records.every((r) => r.deviceId === line.deviceId && r.slot === 'sim-7')).toBe(true);
      // AT: the identification and the switch, both ways.
      expect(summaries('at', 'out')).toEqual(expect.arrayContaining(['AT+CGSN', 'AT+BBSTATE?', 'AT+BBLINK']));
      expect(summaries('at', 'in')).toEqual(expect.arrayContaining(['OK', '+BBSTATE: factory']));
      // Link: the handshake, data with seq/ack/len, acks, and the close.
      expect(summaries('link', 'out')[0]).toMatch(/^HELLO v1 station$/);
      expect(summaries('link', 'in')).toContain('HELLO_ACK v1 device');
      expect(summaries('link').some((s) => /^DATA seq \d+ ack \d+ len \d+ FIN/.test(s))).toBe(true);
      expect(summaries('link').some((s) => s.startsWith('ACK ack'))).toBe(true);
      expect(summaries('link', 'out')).toContain('RESET close');
      expect(summaries('link').filter((s) => s.startsWith('rejected'))).toEqual([]);
      // DM: Package#0 out, the session (Package#1 with MOS, Package#2 HGETs, Package#3 statuses), BootstrapComplete.
      const dmOut = summaries('dm', 'out');
      const dmIn = summaries('dm', 'in');
      expect(dmOut[0]).toMatch(/^Package#0 server bootbench-station, notification \d+/);
      expect(dmIn.some((s) => /^POST \/dm Package#1 MOS \d+/.test(s))).toBe(true);
      expect(dmIn.some((s) => /^POST \/dm Package#1 MOS \d+, Alert urn:oma:at:dm:2\.0:ServerInitiatedMgmt$/.test(s))).toBe(true);
      expect(dmOut.some((s) => /^200 to POST \/dm Package#2 CONT .*; HGET http:\/\/station\.link\/repo\/bootstrap\/accounts;/.test(s))).toBe(true);
      expect(dmIn.some((s) => /^GET \/repo\/bootstrap\/accounts$/.test(s))).toBe(true);
      expect(dmOut.some((s) => /^200 to GET \/repo\/bootstrap\/accounts MO serialization, 2 entries$/.test(s))).toBe(true);
      expect(dmIn.some((s) => /Package#3 Status 200, 200, 200, 200, 200$/.test(s))).toBe(true);
      expect(dmIn.some((s) => /^POST \/dm Package#1 MOS \d+, Alert urn:oma:at:dm:2\.0:BootstrapComplete$/.test(s))).toBe(true);
      expect(dmOut.some((s) => /Package#2 END$/.test(s))).toBe(true);
      // The accounts document is shown decoded, with its secret leaves masked.
      const accounts = records.find((r) => r.layer === 'dm' && r.summary.startsWith('200 to GET /repo/bootstrap/accounts'));
      expect(accounts?.detail).toContain('"Secret": "•••"');
      expect(accounts?.detail).toContain('dm.operator.test');

      const secrets = await fixtureSecrets();
      expect(secrets.length).toBeGreaterThanOrEqual(6);
      const everything = [JSON.stringify(records), exportTrace(records, 'text', 0).text, exportTrace(records, 'json', 0).text];
      for (const s of secrets) for (const text of everything) expect(text.includes(s), `secret ${s.slice(0, 6)}… leaked`).toBe(false);
    } finally {
      await remove();
    }
  });
});
