import { mkdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect } from '@playwright/test';
import { AUDIT_CSV_COLUMNS } from '../../src-shared/audit/export.js';
import { startStationProcess, type StationProcess } from './station-process.js';

// A station with its own temp data dir (an empty audit log in its SQLite file), stopped by pid.
const test = base.extend<{ station: StationProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  station: async ({}, use) => {
    const station = await startStationProcess(['--sim', '1', '--poll-ms', '500']);
    try {
      await use(station);
    } finally {
      await station.stop();
    }
  },
});

test('verify shows the log intact, CSV export downloads through a Blob URL; screenshot and axe', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runs & audit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Runs & audit' })).toBeVisible();
  await expect(page.getByText('No entries match.')).toBeVisible();
  await expect(page.getByText('No failures recorded.')).toBeVisible();

  await page.getByRole('button', { name: 'Verify log' }).click();
  await expect(page.getByTestId('audit-status')).toContainText('Audit log intact: 0 entries');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('bootbench-audit.csv');
  const path = await file.path();
  expect(readFileSync(path, 'utf8').split(/\r?\n/)[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
  await expect(page.getByTestId('audit-status')).toContainText('Exported 0 entries as CSV.');

  await page.getByLabel('Result').selectOption({ label: 'Failed' });
  await page.getByRole('button', { name: 'Apply filters' }).press('Enter');
  await expect(page.getByText('No entries match.')).toBeVisible();

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/audit.png', fullPage: true });
  for (const theme of ['Light', 'Dark']) {
    await page.getByLabel('Theme').selectOption({ label: theme });
    const results = await new AxeBuilder({ page }).analyze();
    const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), theme).toEqual([]);
  }
});
