import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { median, percentile, type BenchRow } from '../support/bench.js';
import { startStationProcess } from '../e2e/station-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';

const RUNS = 7;

/**
 * Station start → interactive Bench in Chromium.
 *
 * Each run spawns `bootbench serve`, waits for its URL (process start), opens it in a fresh
 * browser context and waits until the simulated handset's row is visible and "Add simulated
 * handset" is enabled (page load). The baseline, measured in the same run against the same server,
 * is Chromium loading a trivial static page (`/healthz`) in a fresh context. Browser contexts are
 * created before each clock starts, so both sides time navigation only.
 */
export default async function stationStart(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const processStart: number[] = [];
  const pageLoad: number[] = [];
  const total: number[] = [];
  const trivial: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      // Fresh contexts (no cache) are made before the clock starts, for both measurements alike.
      const context = await browser.newContext();
      const page = await context.newPage();
      const baseline = await browser.newContext();
      const plain = await baseline.newPage();
      const t0 = performance.now();
      const station = await startStationProcess(['--sim', '1', '--poll-ms', '1000']);
      const t1 = performance.now();
      try {
        await page.goto(station.url);
        await page.getByRole('rowheader', { name: 'sim-1', exact: true }).waitFor({ state: 'visible' });
        const add = page.getByRole('button', { name: 'Add simulated handset' });
        await page.waitForFunction((el) => el !== null && !(el as HTMLButtonElement).disabled, await add.elementHandle());
        const t2 = performance.now();
        await context.close();

        const b0 = performance.now();
        await plain.goto(`${station.origin}/healthz`, { waitUntil: 'load' });
        const b1 = performance.now();
        await baseline.close();
        if (i === 0) continue; // warm-up: first Chromium context and first disk reads
        processStart.push(t1 - t0);
        pageLoad.push(t2 - t1);
        total.push(t2 - t0);
        trivial.push(b1 - b0);
      } finally {
        await station.stop();
      }
    }
  } finally {
    await browser.close();
  }
  const trivialMs = median(trivial);
  return [
    { name: `station start → Bench interactive (median of ${RUNS})`, value: median(total), unit: 'ms' },
    { name: 'station start → Bench interactive (p90)', value: percentile(total, 90), unit: 'ms' },
    { name: 'part: process start (spawn → URL printed)', value: median(processStart), unit: 'ms' },
    { name: 'part: page load (URL → Bench interactive)', value: median(pageLoad), unit: 'ms', baseline: trivialMs, ratio: median(pageLoad) / trivialMs },
    { name: 'baseline: Chromium loads a trivial page from the same server', value: trivialMs, unit: 'ms' },
  ];
}
