import { mkdirSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';
import { createStationCa } from './ui-steps.js';

// A station with one built-in simulated handset (a real SimDevice: AT identity, model "SimPhone 2")
// and its own temp data dir (the profile library is seeded there), stopped by pid.
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

const SAMPLE_TARGET = /target:\n {2}models: \["Acme M2\*", "Acme M3"\]\n {2}usb:\n(?: {4}- .*\n)+/;

test('edit a profile (inline error, then fixed), save a version, approve it, plan diff against the simulated handset; screenshot and axe', async ({ page, station }) => {
  await page.goto(station.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  // Approval needs the station CA unlocked in this run: create it first.
  await nav.getByRole('button', { name: 'Certificates' }).click();
  await createStationCa(page);

  await nav.getByRole('button', { name: 'Profiles' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Profiles' })).toBeVisible();
  const library = page.getByRole('table', { name: 'Profiles' });
  for (const name of ['factory-handset', 'field-modem', 'retail-sim']) await expect(library.getByRole('button', { name })).toBeVisible();
  await library.getByRole('button', { name: 'field-modem' }).click();

  const editor = page.getByLabel('Profile field-modem (YAML or JSON)');
  await expect(editor).toHaveValue(/id: field-modem/);
  const original = await editor.inputValue();
  expect(original).toMatch(SAMPLE_TARGET);
  // Retarget the sample at the simulated handsets, with a mistake first.
  const broken = original.replace(SAMPLE_TARGET, 'target:\n  models: ["SimPhone*"]\n  colour: blue\n').replace('version: "2026.10-7"', 'version: "2026.10-8"');
  await editor.fill(broken);
  const jump = page.getByRole('button', { name: /^Go to line 9, column 3: unknown field "colour"/ });
  await expect(jump).toBeVisible();
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save as new version' })).toBeDisabled();
  await jump.click();
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length)).toBe(9);

  await editor.fill(broken.replace('  colour: blue\n', ''));
  await expect(page.getByText(/Valid profile field-modem 2026\.10-8/)).toBeVisible();
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await expect(page.getByText(/Saved version 2026\.10-8/)).toBeVisible();

  const history = page.getByRole('table', { name: 'Versions of field-modem' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await history.getByRole('button', { name: 'Compare version 2026.10-8 with 2026.10-7' }).click();
  await expect(page.getByText('/version: 2026.10-7 → 2026.10-8')).toBeVisible();
  await history.getByRole('button', { name: /^Approve version 2026\.10-8/ }).click();
  await expect(history.getByText('Approved by', { exact: false })).toBeVisible();
  await expect(library.getByRole('row').filter({ hasText: 'field-modem' })).toContainText('Approved by');

  await page.getByLabel('Device on the bench').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Show plan diff' }).click();
  const diff = page.getByRole('table', { name: 'Node changes' });
  await expect(diff).toBeVisible({ timeout: 15_000 });
  await expect(diff).toContainText('urn:oma:mo:oma-dm-dmacc:1.2/fleet');
  await expect(diff).toContainText('m2m.fleet.example');
  await expect(page.getByText(/compared with the device's live tree/)).toBeVisible();

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/profiles.png', fullPage: true });
  await expectAxeClean(page);
});

test('keyboard alone: open a profile, jump to a validation error from the issue list', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Profiles' }).press('Enter');
  const editor = page.getByLabel('Profile factory-handset (YAML or JSON)');
  await expect(editor).toHaveValue(/id: factory-handset/);
  await editor.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('bogus: 1\n');
  const jump = page.getByRole('button', { name: /^Go to line 1, column 1: unknown field "bogus"/ });
  await expect(jump).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(jump).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor).toBeFocused();
});
