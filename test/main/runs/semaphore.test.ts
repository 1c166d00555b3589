import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src-main/runs/semaphore.js';

describe('Semaphore', () => {
  it('admits at most `limit` holders, in arrival order, and ignores double release', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    const a = await sem.acquire();
    const b = await sem.acquire();
    expect(sem.held).toBe(2);
    const c = sem.acquire().then((release) => (order.push(3), release));
    const d = sem.acquire().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // idempotent: must not admit a third holder
    const releaseC = await c;
    expect(order).toEqual([3]);
    expect(sem.held).toBe(2);
    b();
    const releaseD = await d;
    expect(order).toEqual([3, 4]);
    releaseC();
    releaseD();
    expect(sem.held).toBe(0);
    expect(new Semaphore(0).held).toBe(0);
  });
});
