import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { spawnSim, type SimProcess } from '../main/sim/sim-process.js';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';

const MTU = 'urn:oma:mo:ext-bootbench-apn:1.0/internet/MTU';

interface Bench {
  readonly station: StationProcess;
  readonly pair: PtyPair;
  readonly sim: SimProcess;
}

// A simulated handset bootstrapped over one cable (CLI `bootbench bootstrap`), then plugged into a
// second cable that the web station watches: the Device view reads and edits it over that cable.
const test = base.extend<{ bench: Bench }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  bench: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-e2e-device-'));
    const state = join(dir, 'phone.json');
    const first = await startPtyPair(dir, 'boot');
    const booting = await spawnSim(['--port', first.b, '--state', state, '--seed', '21']);
    try {
      execFileSync(process.execPath, ['bin/bootbench.mjs', 'bootstrap', '--port', first.a, '--profile', 'test/fixtures/bootstrap/bootstrap.json', '--journal', join(dir, 'journal')], { stdio: 'pipe' });
    } finally {
      await booting.stop();
      await first.stop();
    }
    const pair = await startPtyPair(dir, 'device');
    const sim = await spawnSim(['--port', pair.b, '--state', state, '--seed', '21']);
    const station = await startStationProcess(['--sim', '0', '--poll-ms', '200', '--serial-port', pair.a]);
    try {
      await use({ station, pair, sim });
    } finally {
      await station.stop();
      await sim.stop();
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

test('inspect a bootstrapped handset, edit a node with a diff preview, read the new value back; screenshot and axe', async ({ page, bench }) => {
  test.setTimeout(90_000); // a bootstrap over one cable, then four DM sessions over another, two axe passes
  await page.goto(bench.station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Device' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Device' })).toBeVisible();
  const picker = page.getByLabel('Device to inspect');
  // Wait for discovery to identify the handset (its probe holds the port until then).
  const option = picker.locator('option', { hasText: bench.pair.a }).filter({ hasText: 'SimPhone' });
  await expect(option).toHaveCount(1, { timeout: 15_000 });
  await picker.selectOption({ label: (await option.textContent())! });

  const tree = page.getByRole('tree', { name: 'Management tree' });
  await expect(tree).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('Device identity')).toContainText('IMEI:');
  await expect(tree.getByRole('treeitem', { name: /urn:oma:mo:oma-dm-dmacc:1\.2/ })).toBeVisible();

  // Keyboard: find the APN instance through search, open it, select MTU.
  await page.getByLabel('Search nodes').fill('internet/MTU');
  await expect(page.getByRole('search')).toContainText('1 matching');
  await tree.getByRole('treeitem', { name: /MTU/ }).click();
  const editor = page.getByRole('form', { name: 'Edit MTU' });
  const input = editor.getByLabel('MTU (int)');
  await expect(input).toHaveValue('1420');
  await input.fill('99999999999');
  await expect(editor.getByText(/Invalid: must be between/)).toBeVisible();
  await input.fill('1380');
  await input.press('Enter');
  await expect(page.getByRole('heading', { name: 'Pending changes (1)' })).toBeVisible();

  await page.getByRole('button', { name: 'Review and apply…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apply 1 change to the device?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('table')).toContainText(MTU);
  await expect(dialog.getByRole('table')).toContainText('1420');
  await expect(dialog.getByRole('table')).toContainText('1380');
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/device-diff.png', fullPage: true });
  await expect(dialog.getByRole('button', { name: 'Apply to device' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText('Applied 1 change; the tree was read back from the device.').first()).toBeVisible();

  // Read the tree again from the device: the new value is there.
  await page.getByRole('button', { name: 'Read tree again' }).click();
  await expect(page.getByRole('button', { name: 'Read tree again' })).toBeEnabled({ timeout: 15_000 });
  await page.getByLabel('Search nodes').fill('internet/MTU');
  await expect(tree.getByRole('treeitem', { name: /MTU/ })).toContainText('1380');
  expect(bench.sim.lines.filter((l) => l.event === 'session').every((l) => l.outcome === 'completed')).toBe(true);

  await page.getByLabel('Search nodes').fill('');
  await tree.getByRole('treeitem', { name: /^▾?▸?internet/ }).first().click();
  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await page.screenshot({ path: 'artifacts/screenshots/device.png', fullPage: true });
  await expectAxeClean(page);
});
