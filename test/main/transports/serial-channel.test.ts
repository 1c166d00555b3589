import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { startSocatPair, type SocatPair } from './socat-pair.js';

describe('SerialPortChannel over a socat pty pair', () => {
  let pair: SocatPair;
  const open: SerialPortChannel[] = [];
  beforeEach(async () => {
    pair = await startSocatPair();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
    await pair.stop();
  });

  it('carries bytes both ways', async () => {
    const a = await openSerialChannel({ path: pair.a });
    const b = await openSerialChannel({ path: pair.b });
    open.push(a, b);
    const got = new Promise<Uint8Array>((resolve) => {
      const chunks: number[] = [];
      b.onData((c) => {
        chunks.push(...c);
        if (chunks.length >= 3) resolve(Uint8Array.from(chunks));
      });
    });
    await a.write(Uint8Array.of(0, 1, 255));
    expect(await got).toEqual(Uint8Array.of(0, 1, 255));
  });

  it('fires onClose exactly once when socat dies, and refuses writes afterwards', async () => {
    const a = await openSerialChannel({ path: pair.a });
    open.push(a);
    const reasons: string[] = [];
    a.onClose((r) => reasons.push(r));
    await pair.stop();
    const t0 = performance.now();
    const reason = await a.closed;
    const detectMs = performance.now() - t0;
    expect(['error', 'closed', 'end']).toContain(reason);
    expect(reasons).toEqual([reason]);
    expect(detectMs).toBeLessThan(1000); // hang-up probe every 100 ms
    console.info(`pty hang-up detected ${detectMs.toFixed(1)} ms after socat exited`);
    await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('closes with reason silence after the idle timeout', async () => {
    const a = await openSerialChannel({ path: pair.a, idleTimeoutMs: 50 });
    open.push(a);
    expect(await a.closed).toBe('silence');
  });

  it('close() is one path: listeners run once with reason closed', async () => {
    const a = await openSerialChannel({ path: pair.a });
    const reasons: string[] = [];
    a.onClose((r) => reasons.push(r));
    await a.close();
    await a.close();
    expect(reasons).toEqual(['closed']);
  });

  it('write honours an aborted signal with CANCELLED', async () => {
    const a = await openSerialChannel({ path: pair.a });
    open.push(a);
    const controller = new AbortController();
    controller.abort();
    await expect(a.write(Uint8Array.of(1), controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
