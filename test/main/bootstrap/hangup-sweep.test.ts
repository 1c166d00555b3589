import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { loadFixtureSpec } from './helpers.js';
import { memoryAttempt, scratchDir } from './sweep-harness.js';

// Every offset is swept over real socat pty pairs in hangup-sweep-pty.test.ts (which replaced the
// in-memory every-offset sweep that was here). This keeps the uncontended reconnect figure.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('hang-up, then reconnect (in-memory line, same simulator core)', () => {
  it('a reconnect after a cut completes in ≤ 1 s (one line at a time, so the time is not shared)', async () => {
    const spec = await loadFixtureSpec();
    const { dir, remove } = await scratchDir();
    cleanups.push(remove);
    const durations: number[] = [];
    for (const offset of [150, 400, 900, 1800, 2600, 3400, 4200, 4450]) {
      const journalDir = join(dir, `r${offset}`);
      await mkdir(journalDir);
      const store = new MemoryStateStore();
      await memoryAttempt(spec, store, journalDir, offset);
      const again = await memoryAttempt(spec, store, journalDir);
      expect(again.result.kind).toBe('completed');
      if (again.result.kind === 'completed') durations.push(again.result.durationMs);
    }
    console.log(`reconnect durations (ms): ${durations.map((d) => d.toFixed(0)).join(' ')}`);
    expect(Math.max(...durations)).toBeLessThanOrEqual(1000);
  });
});
