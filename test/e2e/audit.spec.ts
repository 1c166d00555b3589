import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { AuditLog } from '../../src-main/audit/audit-log.js';
import { stationCaSigner } from '../../src-main/audit/station-signer.js';
import { CaStore } from '../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../src-main/pki/secret-box.js';
import { StationCa } from '../../src-main/pki/station-ca.js';
import { openStorage } from '../../src-main/storage/open-storage.js';
import { SQLITE_FILE } from '../../src-main/storage/station-storage.js';
import { AUDIT_CSV_COLUMNS } from '../../src-shared/audit/export.js';
import { factsFor } from '../shared/audit/audit-fixtures.js';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';

const ENTRIES = 40;

/** A data dir with a station CA and a log of {@link ENTRIES} steps (10 units), checkpointed every 10. */
async function seededDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-e2e-audit-'));
  const clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
  const ca = new StationCa(await CaStore.open(dir), clock);
  const protector = new PassphraseProtector('e2e audit passphrase');
  await ca.init({ spec: 'ec-p256', subject: 'CN=E2E Audit CA', validityDays: 30 }, protector);
  const signer = stationCaSigner(await ca.store.unlock(protector));
  protector.dispose();
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, SQLITE_FILE) }, clock);
  try {
    const log = new AuditLog({ store: storage.audit, clock, station: 'station-e2e', signer, checkpointEvery: 10 });
    for (let i = 0; i < ENTRIES; i++) await log.append(factsFor(i));
  } finally {
    await storage.close();
  }
  return dir;
}

// A station over a seeded data dir, stopped by pid; the dir is removed afterwards.
const test = base.extend<{ station: StationProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  station: async ({}, use) => {
    const dataDir = await seededDataDir();
    try {
      const station = await startStationProcess(['--sim', '1', '--poll-ms', '500', '--data-dir', dataDir]);
      try {
        await use(station);
      } finally {
        await station.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

test('history, charts, verify intact, CSV export through a Blob URL, filters; screenshot and axe', async ({ page, station }) => {
  await page.goto(station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runs & audit' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Runs & audit' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: String(ENTRIES - 1), exact: true })).toBeVisible();
  await expect(page.getByText(`Entries 1–25 of ${ENTRIES}`)).toBeVisible();
  await expect(page.getByRole('img', { name: 'Failure Pareto' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'First-pass yield by model' })).toBeVisible();

  await page.getByRole('button', { name: 'Verify log' }).click();
  await expect(page.getByTestId('audit-status')).toContainText(`Audit log intact: ${ENTRIES} entries, 4 signed checkpoint(s)`);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('bootbench-audit.csv');
  const path = await file.path();
  const lines = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/);
  expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
  expect(lines).toHaveLength(ENTRIES + 1);
  await expect(page.getByTestId('audit-status')).toContainText(`Exported ${ENTRIES} entries as CSV.`);

  await page.getByLabel('Result').selectOption({ label: 'Failed' });
  await page.getByRole('button', { name: 'Apply filters' }).press('Enter');
  await expect(page.getByText('Entries 1–2 of 2')).toBeVisible();
  await page.getByLabel(/Search/).fill('no such step');
  await page.getByLabel(/Search/).press('Enter');
  await expect(page.getByText('No entries match.')).toBeVisible();
  await page.getByLabel('Result').selectOption({ label: 'All' });
  await page.getByLabel(/Search/).fill('');
  await page.getByLabel(/Search/).press('Enter');
  await expect(page.getByText(`Entries 1–25 of ${ENTRIES}`)).toBeVisible();

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/audit.png', fullPage: true });
  await expectAxeClean(page);
});
