import { mkdirSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';

// A station with one simulated handset (slot sim-1) and its own temp data dir, stopped by pid.
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

test('rename a slot with the keyboard and the Bench shows the name; settings save; screenshot and axe', async ({ page, station }) => {
  await page.goto(station.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible();

  const slot = page.getByRole('form', { name: 'Name of slot sim-1' });
  await slot.getByLabel('sim-1').fill('Bay 7');
  await slot.getByLabel('sim-1').press('Enter');
  await expect(slot.getByLabel('sim-1')).toHaveValue('Bay 7');
  await expect(page.getByText('sim-1 is now Bay 7')).toBeAttached();

  const settings = page.getByRole('form', { name: 'Station settings' });
  await settings.getByLabel('Devices provisioned at once').fill('6');
  await settings.getByLabel(/PostgreSQL server/).check();
  await settings.getByLabel('Connection string').fill('postgres://bb:secret@db.local/bb');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('$PGPASSWORD');
  await settings.getByLabel(/SQLite/).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.', { exact: false })).toBeAttached();

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/settings.png', fullPage: true });
  await expectAxeClean(page);

  await nav.getByRole('button', { name: 'Bench' }).click();
  await expect(page.getByRole('rowheader', { name: 'Bay 7 (sim-1)' })).toBeVisible();
  await page.goto(station.url); // a fresh page (the token left the address bar on the first load)
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('form', { name: 'Station settings' }).getByLabel('Devices provisioned at once')).toHaveValue('6');
});

test('keyboard alone: reach Settings from the nav, rename a slot, and no CSP violation on the way', async ({ page, station }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(station.url);
  const nav = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' });
  for (let i = 0; i < 12 && !(await nav.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(nav).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(nav).toHaveAttribute('aria-current', 'page');
  const input = page.getByRole('form', { name: 'Name of slot sim-1' }).getByLabel('sim-1');
  for (let i = 0; i < 12 && !(await input.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  await page.keyboard.type('Line 2');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('form', { name: 'Name of slot sim-1' }).getByRole('button', { name: 'Save name' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('sim-1 is now Line 2')).toBeAttached();
  for (const view of ['Certificates', 'Runs & audit']) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).press('Enter');
    await expect(page.getByRole('heading', { level: 2, name: view })).toBeVisible();
  }
  expect(violations).toEqual([]);
});
