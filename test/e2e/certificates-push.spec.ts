import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { decodeDeviceState } from '../../src-shared/bootstrap/device-state.js';
import { STANDARD_MOIDS } from '../../src-shared/protocol/dm/mo-ids.js';
import { getInstance, nodeAt } from '../../src-shared/protocol/dm/tree/tree.js';
import { spawnSim, type SimProcess } from '../main/sim/sim-process.js';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';
import { createStationCa } from './ui-steps.js';

const run = promisify(execFile);

/**
 * A simulated handset (`bootbench sim`, persistent state file) on a socat pty pair, bootstrapped
 * over that cable with the fixture description (accounts `operator` and `enterprise`) by
 * `bootbench bootstrap`; then a web station watching the pty. Everything is stopped by pid.
 */
const test = base.extend<{ bench: { ptys: PtyPair; sim: SimProcess; stateFile: string; station: StationProcess } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  bench: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-e2e-push-'));
    const ptys = await startPtyPair(dir, 'push');
    const stateFile = join(dir, 'handset.json');
    const sim = await spawnSim(['--port', ptys.b, '--state', stateFile, '--seed', '7']);
    let station: StationProcess | undefined;
    try {
      const boot = await run(process.execPath, ['bin/bootbench.mjs', 'bootstrap', '--port', ptys.a, '--profile', 'test/fixtures/bootstrap/bootstrap.json', '--journal', join(dir, 'journal'), '--json']);
      expect(boot.stdout).toContain('"completed"');
      station = await startStationProcess(['--sim', '0', '--poll-ms', '200', '--serial-port', ptys.a]);
      await use({ ptys, sim, stateFile, station });
    } finally {
      await station?.stop();
      await sim.stop();
      await ptys.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

test('issue a certificate and push it into the simulated handset over its cable; the handset commits it; screenshot and axe', async ({ page, bench }) => {
  await page.goto(bench.station.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Certificates' }).click();
  await createStationCa(page);

  const push = page.getByRole('form', { name: 'Push a certificate to a device' });
  const picker = push.getByLabel('Connected handset');
  await expect(picker.getByRole('option', { name: /IMEI/ })).toHaveCount(1, { timeout: 15_000 });
  await picker.selectOption({ index: 1 });
  await push.getByLabel(/DM account/).fill('operator');
  await push.getByLabel('Validity (days)').fill('90');
  await push.getByRole('button', { name: 'Issue and push' }).click();
  const result = page.getByText(/Pushed serial/);
  await expect(result).toBeVisible({ timeout: 20_000 });
  const serial = (await result.locator('.mono').textContent()) ?? '';
  await expect(page.getByText('urn:oma:mo:oma-dm-dmacc:1.2/operator/Auth/Trsp', { exact: false })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Push progress' });
  await expect(steps.getByRole('listitem')).toHaveText([/Line open/, /Device identified/, /Link up/, /DM session open/, /Certificate issued/, /Delivered into the tree/, /Done/]);
  await expect(page.getByRole('table', { name: 'Issued certificates' }).getByRole('row').filter({ hasText: 'Station-generated key' })).toHaveCount(1);

  // The handset committed the certificate to its MO store: DMAcc/operator/Auth/Trsp/Data.
  const state = decodeDeviceState(readFileSync(bench.stateFile, 'utf8'));
  const data = nodeAt(getInstance(state.tree, STANDARD_MOIDS.dmAcc, 'operator')!.root, ['Auth', 'Trsp', 'Data']);
  if (data?.kind !== 'leaf') throw new Error('no Auth/Trsp/Data leaf on the handset');
  const der = data.value instanceof Uint8Array ? data.value : Buffer.from(String(data.value), 'base64');
  expect(new X509Certificate(der).serialNumber.toLowerCase().replace(/^0+/, '')).toBe(serial.replace(/^0+/, ''));

  // From the issued list: a new certificate for the same handset (the form picks it, keyboard focus included).
  const issued = page.getByRole('table', { name: 'Issued certificates' });
  await issued.getByRole('button', { name: /^Push a new certificate to / }).click();
  await expect(picker).toBeFocused();
  await push.getByRole('button', { name: 'Issue and push' }).click();
  await expect(issued.getByRole('row').filter({ hasText: 'Station-generated key' })).toHaveCount(2, { timeout: 20_000 });

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/certificates-push.png', fullPage: true });
  await expectAxeClean(page);
});
