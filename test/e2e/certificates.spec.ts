import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';
import { createStationCa } from './ui-steps.js';

// A station with one simulated handset and its own temp data dir, stopped by pid.
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

test('create the CA, issue from an openssl CSR, see it in the issued list, inspect it; screenshots and axe', async ({ page, station }) => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-e2e-csr-'));
  let csr: string;
  try {
    csr = execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'device.key'), '-subj', '/CN=e2e device'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await page.goto(station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Certificates' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Certificates' })).toBeVisible();
  await expect(page.getByText('No station CA yet.', { exact: false })).toBeVisible();
  await expectAxeClean(page);

  await createStationCa(page);

  const issue = page.getByRole('form', { name: 'Issue a device certificate' });
  await issue.getByLabel('Certificate request (CSR, PEM)').fill(csr);
  await issue.getByLabel('Device id (IMEI or serial)').fill('356938035643809');
  await issue.getByRole('button', { name: 'Issue certificate' }).click();
  const row = page.getByRole('table', { name: 'Issued certificates' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: '356938035643809' }) });
  await expect(row).toContainText('Device key (CSR)');
  const pem = await page.getByLabel('Certificate (PEM)').inputValue();
  expect(pem).toContain('-----BEGIN CERTIFICATE-----');

  const inspect = page.getByRole('form', { name: 'Inspect pasted text' });
  await inspect.getByLabel(/Paste a certificate/).fill(pem);
  await inspect.getByRole('button', { name: 'Inspect' }).click();
  const result = page.getByTestId('inspection');
  await expect(result).toContainText('PEM input: 1 object(s), all checks passed');
  await expect(result).toContainText('URI:urn:imei:356938035643809');

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/certificates.png', fullPage: true });
  await expectAxeClean(page);
});

test('garbage is refused with an explanation, and a short passphrase never leaves the page', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Certificates' }).click();
  const inspect = page.getByRole('form', { name: 'Inspect pasted text' });
  await inspect.getByLabel(/Paste a certificate/).fill('definitely not a certificate');
  await inspect.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByTestId('inspection')).toContainText('Not recognised');
  const create = page.getByRole('form', { name: 'Create the station CA' });
  await create.getByLabel('Passphrase', { exact: true }).fill('short');
  await create.getByLabel('Repeat passphrase').fill('short');
  await create.getByRole('button', { name: 'Create CA' }).click();
  // The browser's own validation (minlength 8) stops it before it reaches the station.
  await expect(page.getByText('Active, unlocked for this session')).toHaveCount(0);
  expect(await create.getByLabel('Passphrase', { exact: true }).evaluate((el) => (el as HTMLInputElement).validity.tooShort)).toBe(true);
});
