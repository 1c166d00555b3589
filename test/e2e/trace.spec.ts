import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { expectAxeClean } from './a11y.js';

// A web station with one built-in simulated handset (sim-1, a real SimDevice behind discovery):
// page A shows the Trace view, page B starts a run on the Bench; page A fills with the live
// frames of the bootstrap as they are recorded.
test('the trace shows the live frames of a bootstrap, filters them and exports; screenshot and axe', async ({ context, station }) => {
  const tracePage = await context.newPage();
  await tracePage.goto(station.url);
  await tracePage.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Trace' }).click();
  await expect(tracePage.getByRole('heading', { level: 2, name: 'Trace' })).toBeVisible();
  await expect(tracePage.getByText(/Nothing traced yet/)).toBeVisible();

  const bench = await context.newPage();
  await bench.goto(station.url);
  const start = bench.getByRole('button', { name: /Start run on sim-1/ });
  await expect(start).toBeEnabled({ timeout: 15_000 });
  await start.click();

  const grid = tracePage.getByRole('grid', { name: 'Trace records' });
  await expect(grid.getByRole('row', { name: /HELLO v1 station/ })).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByRole('row', { name: /Package#2 END/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByRole('row', { name: /AT\+BBLINK/ })).toBeVisible();
  await expect(grid.getByRole('row', { name: /DATA seq \d+ ack \d+ len \d+/ }).first()).toBeVisible();

  // Filter: DM only, then the accounts document, shown decoded (secret leaves masked: unit-tested).
  await tracePage.getByRole('checkbox', { name: 'Link' }).uncheck();
  await tracePage.getByRole('checkbox', { name: 'AT' }).uncheck();
  await expect(grid.getByRole('row', { name: /DATA seq/ })).toHaveCount(0);
  await tracePage.getByRole('searchbox', { name: 'Search' }).fill('repo/bootstrap/accounts');
  const accounts = grid.getByRole('row', { name: /200 to GET \/repo\/bootstrap\/accounts/ });
  await expect(accounts).toBeVisible();
  await accounts.click();
  await expect(tracePage.getByLabel('Decoded record')).toContainText('"DMAcc"');
  await tracePage.keyboard.press('ArrowUp');

  // Export (the filtered records) as JSON through a real download.
  const downloaded = tracePage.waitForEvent('download');
  await tracePage.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await downloaded).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; records: { layer: string; summary: string }[] };
  expect(exported.format).toBe('bootbench-trace');
  expect(exported.records.length).toBeGreaterThan(0);
  expect(exported.records.every((r) => r.layer === 'dm' && r.summary.includes('/repo/bootstrap/accounts'))).toBe(true);
  await expect(tracePage.getByTestId('trace-status')).toContainText('Exported');

  await tracePage.getByRole('searchbox', { name: 'Search' }).fill('');
  await tracePage.getByRole('checkbox', { name: 'Link' }).check();
  await tracePage.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await tracePage.screenshot({ path: 'artifacts/screenshots/trace.png', fullPage: true });
  await expectAxeClean(tracePage);
});
