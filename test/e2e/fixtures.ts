import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { startStationProcess, type StationProcess } from './station-process.js';

/** Fixtures: a socat pty pair and a web station process watching its first end, both stopped by pid. */
export const test = base.extend<{ ptys: PtyPair; station: StationProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  ptys: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-e2e-'));
    const pair = await startPtyPair(dir, 'bench');
    try {
      await use(pair);
    } finally {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  station: async ({ ptys }, use) => {
    const station = await startStationProcess(['--sim', '1', '--poll-ms', '200', '--serial-port', ptys.a]);
    try {
      await use(station);
    } finally {
      await station.stop();
    }
  },
});

export { expect } from '@playwright/test';
