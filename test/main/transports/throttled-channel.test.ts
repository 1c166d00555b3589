import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { ThrottledChannel } from '../../../src-main/transports/throttled-channel.js';
import { startSocatPair, type SocatPair } from './socat-pair.js';

describe('ThrottledChannel over a socat pty pair', () => {
  let pair: SocatPair;
  let a: SerialPortChannel;
  let b: SerialPortChannel;
  beforeEach(async () => {
    pair = await startSocatPair();
    a = await openSerialChannel({ path: pair.a });
    b = await openSerialChannel({ path: pair.b });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await pair.stop();
  });

  it('delivers every byte in order, no faster than the emulated line rate', async () => {
    const line = new ThrottledChannel(a, { baudRate: 115_200 });
    const payload = Uint8Array.from({ length: 1152 }, (_, i) => i & 0xff); // 100 ms of 8N1 line time
    const received: number[] = [];
    const done = new Promise<void>((resolve) =>
      b.onData((chunk) => {
        received.push(...chunk);
        if (received.length >= payload.length) resolve();
      }),
    );
    const t0 = performance.now();
    await Promise.all([line.write(payload.subarray(0, 600)), line.write(payload.subarray(600))]);
    await done;
    expect(Uint8Array.from(received)).toEqual(payload);
    // A lower bound is a functional property of the throttle (it paces), not a speed goal.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('a cancelled write rejects with CANCELLED', async () => {
    const line = new ThrottledChannel(a, { baudRate: 9600 });
    const controller = new AbortController();
    const write = line.write(new Uint8Array(2000), controller.signal);
    controller.abort();
    await expect(write).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
