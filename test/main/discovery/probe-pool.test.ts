import { describe, expect, it } from 'vitest';
import { ProbePool } from '../../../src-main/discovery/probe-pool.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ProbePool', () => {
  it('never runs more than `concurrency` probes at once', async () => {
    const pool = new ProbePool({ concurrency: 3, timeoutMs: 5000 });
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pool.run(`p${i}`, async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results.map((r) => (r.ok ? r.value : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a hung probe is aborted at its deadline and frees its slot; the others never wait for it', async () => {
    const pool = new ProbePool({ concurrency: 1, timeoutMs: 100 });
    let abortedWith: unknown;
    const hung = pool.run('hung', (signal) => {
      signal.addEventListener('abort', () => (abortedWith = signal.reason));
      return new Promise<never>(() => undefined); // ignores the signal
    });
    const fast = pool.run('fast', async () => 'ok');
    expect(await hung).toMatchObject({ ok: false, error: { code: 'TRANSPORT_TIMEOUT' } });
    expect(abortedWith).toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    expect(await fast).toEqual({ ok: true, value: 'ok' });
    expect(pool.running).toBe(0);
  });

  it('cancel settles queued and running probes with CANCELLED; a new run of a key replaces the old', async () => {
    const pool = new ProbePool({ concurrency: 1, timeoutMs: 5000 });
    const gate = deferred<string>();
    let sawAbort = false;
    const running = pool.run('a', (signal) => {
      signal.addEventListener('abort', () => (sawAbort = true));
      return gate.promise;
    });
    const queued = pool.run('b', async () => 'b');
    pool.cancel('b');
    expect(await queued).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const replaced = pool.run('a', async () => 'a2');
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(sawAbort).toBe(true);
    expect(await replaced).toEqual({ ok: true, value: 'a2' });
    gate.resolve('late');
  });

  it('turns a thrown non-ProvisioningError into INTERNAL and refuses work after close', async () => {
    const pool = new ProbePool();
    expect(await pool.run('x', async () => Promise.reject(new TypeError('bug')))).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    pool.close();
    expect(await pool.run('y', async () => 1)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});
