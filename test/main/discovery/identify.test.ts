import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identifyChannel, within } from '../../../src-main/discovery/identify.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import { TEST_IMEI } from '../../shared/at/scripted-modem.js';
import { random, startPort, type FarEnd, type Port } from './far-end.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function port(end: FarEnd): Promise<Port> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-identify-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const p = await startPort(dir, 'tty', end);
  cleanups.push(() => p.stop());
  return p;
}

async function identify(p: Port, options: { order?: ('link' | 'at')[]; signal?: AbortSignal } = {}) {
  const channel = await openSerialChannel({ path: p.pair.a });
  cleanups.push(() => channel.close());
  return identifyChannel(channel, { random, linkTimeoutMs: 500, atPingTimeoutMs: 200, ...options });
}

describe('identifyChannel over real socat ptys', () => {
  it('reads the identity a link device announces in its HELLO', async () => {
    const p = await port({ kind: 'link', identity: { imei: TEST_IMEI, manufacturer: 'Bootbench', model: 'SimPhone 2', firmware: '2.0.0' } });
    expect(await identify(p)).toEqual({ method: 'link', identity: { imei: TEST_IMEI, manufacturer: 'Bootbench', model: 'SimPhone 2', firmware: '2.0.0' } });
  });

  it('falls back to AT identity when no HELLO-ACK comes (the modem saw link frames as noise first)', async () => {
    const p = await port({ kind: 'at' });
    const found = await identify(p);
    expect(found).toMatchObject({
      method: 'at',
      linkCapable: false,
      identity: { manufacturer: 'Bootbench Modems Inc.', model: 'BB-LTE-1', firmware: 'BB1.2.3', imei: TEST_IMEI, imsi: '001010123456789', iccid: '8988211000000000001' },
    });
  });

  it('probes AT first when told to, and still finds a link device afterwards', async () => {
    const p = await port({ kind: 'link', identity: { model: 'bootbench-sim' } });
    expect(await identify(p, { order: ['at', 'link'] })).toEqual({ method: 'link', identity: { model: 'bootbench-sim' } });
  });

  it('reports a port that answers nothing as unidentified, not as an error', async () => {
    const p = await port({ kind: 'silent' });
    const t0 = performance.now();
    const found = await identify(p);
    expect(found).toEqual({ method: 'none', reason: 'no link HELLO-ACK; no AT answer' });
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('an abort ends the probe with CANCELLED', async () => {
    const p = await port({ kind: 'silent' });
    const controller = new AbortController();
    const probing = identify(p, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(probing).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('within() rejects with TRANSPORT_TIMEOUT and passes results and errors through', async () => {
    await expect(within(new Promise(() => undefined), 20)).rejects.toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    await expect(within(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(within(Promise.reject(new Error('x')), 1000)).rejects.toThrow('x');
  });
});
