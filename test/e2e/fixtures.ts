import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { spawnSim, type SimProcess } from '../main/sim/sim-process.js';
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

/** A simulated handset (`bootbench sim` process) behind a socat pty pair, plugged into a watched path. */
export interface PluggedHandset {
  readonly sim: SimProcess;
  readonly pair: PtyPair;
  /** Pulls the cable: stops socat by pid (the station's end sees EIO; the watched path dangles). */
  pull(): Promise<void>;
  /** Stops the simulator and socat by pid. */
  stop(): Promise<void>;
}

/**
 * Plugs a simulated handset into `watchedPath` the way a cable does: socat pair in `dir`, the
 * simulator ready on its far end, then the watched path appears (a symlink to the near end), so
 * the station's serial watcher sees a port that answers from its first probe.
 */
export async function plugSimHandset(dir: string, name: string, watchedPath: string, simArgs: readonly string[]): Promise<PluggedHandset> {
  const pair = await startPtyPair(dir, name);
  const sim = await spawnSim(['--port', pair.b, ...simArgs]);
  rmSync(watchedPath, { force: true });
  symlinkSync(pair.a, watchedPath);
  return {
    sim,
    pair,
    pull: () => pair.stop(),
    async stop() {
      await sim.stop();
      await pair.stop();
    },
  };
}
