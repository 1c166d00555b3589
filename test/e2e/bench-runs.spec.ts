import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { plugSimHandset, type PluggedHandset } from './fixtures.js';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';

/**
 * Bench golden flows against the real web station (device host child, serial discovery) and
 * `bootbench sim` processes on socat pty pairs, plugged in while the station watches their paths.
 */
const test = base.extend<{ lab: { dir: string; ports: [string, string]; station: StationProcess; plugged: PluggedHandset[] } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  lab: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-bench-runs-'));
    const ports: [string, string] = [join(dir, 'ttyBAY1'), join(dir, 'ttyBAY2')];
    const station = await startStationProcess(['--sim', '0', '--poll-ms', '200', '--serial-port', ...ports]);
    const plugged: PluggedHandset[] = [];
    try {
      await use({ dir, ports, station, plugged });
    } finally {
      for (const p of plugged.reverse()) await p.stop();
      await station.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** The hang-up offset of the failing handset: past identification (AT + probe), inside the bootstrap session. */
const HANGUP_AT = 1500;

const rowOf = (page: Page, slot: string) => page.getByRole('rowheader', { name: slot, exact: true }).locator('xpath=..');

test('plug → auto-bootstrap → done, with screenshots and axe in both modes and themes', async ({ page, lab }) => {
  test.setTimeout(60_000);
  await page.goto(lab.station.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Bench' })).toBeVisible();
  const autoRun = page.getByRole('checkbox', { name: 'Auto-run on attach' });
  await autoRun.click(); // saved through settings.set, then shown checked
  await expect(autoRun).toBeChecked();

  const [port] = lab.ports;
  const handset = await plugSimHandset(lab.dir, 'h1', port, ['--seed', '11']);
  lab.plugged.push(handset);
  const row = rowOf(page, port);
  await expect(row).toHaveAttribute('data-run-state', 'done', { timeout: 20_000 });
  await expect(row).toContainText('Passed');
  await expect(row).toContainText(`IMEI ${String((await handset.sim.waitFor('ready'))['imei'])}`);
  const committed = await handset.sim.waitFor('committed');
  expect(committed['bootstrap']).toMatch(/bootstrapped|complete/);
  await expect(page.getByTestId('run-summary')).toContainText('1 passed · 0 failed · 0 running');

  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await page.screenshot({ path: 'artifacts/screenshots/bench-engineer.png', fullPage: true });
  await expectAxeClean(page, 'engineer');

  await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Operator' }).click();
  await expect(page.getByRole('article', { name: `${port}: PASS` })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.getByLabel('Theme').selectOption({ label: 'Dark' });
  await page.screenshot({ path: 'artifacts/screenshots/bench-operator.png', fullPage: true });
  await expectAxeClean(page, 'operator');
  await page.goto(lab.station.url); // a fresh page (the token left the address bar on the first load)
  await expect(page.getByRole('article', { name: `${port}: PASS` })).toBeVisible(); // the mode is remembered
});

test('one of two handsets fails (hang-up mid-bootstrap); Retry failed re-runs only that one and it passes', async ({ page, lab }) => {
  test.setTimeout(60_000);
  const [portA, portB] = lab.ports;
  const stateB = join(lab.dir, 'handset-b.json');
  const a = await plugSimHandset(lab.dir, 'ha', portA, ['--seed', '21']);
  const b = await plugSimHandset(lab.dir, 'hb', portB, ['--seed', '22', '--state', stateB, '--fault', `hangup-at=${HANGUP_AT}`]);
  lab.plugged.push(a, b);
  // The handset drops the line; the harness pulls the cable as socat does not pass a closed end on.
  const pulled = b.sim.waitFor('hangup').then(() => b.pull());

  await page.goto(lab.station.url);
  for (const port of lab.ports) await expect(rowOf(page, port).getByRole('button', { name: `Start run on ${port}` })).toBeEnabled({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Start all' }).click();
  await expect(rowOf(page, portA)).toHaveAttribute('data-run-state', 'done', { timeout: 20_000 });
  await pulled;
  // The pulled port leaves the Bench; its slot keeps the failed run.
  await expect(page.getByTestId('run-summary')).toContainText('1 passed · 1 failed · 0 running', { timeout: 20_000 });

  // The same handset (same seed and MO store) on a fresh cable, without the fault.
  await b.sim.exited;
  const b2 = await plugSimHandset(lab.dir, 'hb2', portB, ['--seed', '22', '--state', stateB]);
  lab.plugged.push(b2);
  await expect(rowOf(page, portB).getByRole('button', { name: `Start run on ${portB}` })).toBeEnabled({ timeout: 15_000 });
  await expect(rowOf(page, portB)).toHaveAttribute('data-run-state', 'failed');
  await expect(rowOf(page, portB)).toContainText('Failed');
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(rowOf(page, portB)).toHaveAttribute('data-run-state', 'done', { timeout: 20_000 });
  await expect(page.getByTestId('run-summary')).toContainText('2 passed · 0 failed · 0 running');
  // Handset A was not touched again: one link session only.
  expect(a.sim.lines.filter((l) => l.event === 'link-up')).toHaveLength(1);
  expect(b2.sim.lines.some((l) => l.event === 'committed')).toBe(true);
});
