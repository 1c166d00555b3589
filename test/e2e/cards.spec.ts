import { mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { SECOND_READER, startCardLab, VICC_READER, type CardLab } from '../support/card-lab.js';
import { VpcdCardWorker } from '../support/vpcd-card-host.js';
import { startStationProcess, type StationProcess } from './station-process.js';
import { expectAxeClean } from './a11y.js';
import { createStationCa } from './ui-steps.js';

/**
 * Card-reader slots on the Bench against the real web station: pcscd + vsmartcard in a private
 * namespace (the card lab), the station pointed at that pcscd, and our own virtual card (a
 * FaultCard behind vpcd) put into the second reader and taken out again, as a technician would.
 */
const ICCID = '8949440000001234567';

/** What an engineer writes for lab cards: the SIM-side account, no PIN, matched by the card's ATR. */
const CARD_PROFILE = `schema: bootbench.profile/v1
id: retail-sim
name: Retail SIM (lab cards)
version: "lab-1"
target:
  atr:
    - pattern: "3b 95 96 00 80 73 00 21 00"
accounts:
  - authority: sim
    serverId: sim-dm.example
    serverUri: https://dm.sim.example/dm2
    name: "SIM DM {iccid}"
    permittedMoids: [urn:oma:mo:oma-dm-devinfo:1.2]
    credential: { kind: none }
smartcard:
  bootstrap: [sim-dm.example]
  pin: { policy: none }
`;

const test = base.extend<{ lab: { cards: CardLab; card: VpcdCardWorker; station: StationProcess } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  lab: async ({}, use) => {
    const cards = await startCardLab();
    const card = VpcdCardWorker.start(cards.slot1Socket, { iccid: ICCID });
    let station: StationProcess | undefined;
    try {
      station = await startStationProcess(['--sim', '0'], cards.env);
      await use({ cards, card, station });
    } finally {
      await station?.stop();
      await card.stop();
      await cards.stop();
    }
  },
});

const rowOf = (page: Page, slot: string) => page.getByRole('rowheader', { name: slot, exact: true }).locator('xpath=..');

/** Creates the station CA, saves CARD_PROFILE as a version of retail-sim and approves it, as an engineer would. */
async function approveCardProfile(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('button', { name: 'Certificates' }).click();
  await createStationCa(page);
  await nav.getByRole('button', { name: 'Profiles' }).click();
  await page.getByRole('table', { name: 'Profiles' }).getByRole('button', { name: 'retail-sim' }).click();
  const editor = page.getByLabel('Profile retail-sim (YAML or JSON)');
  await expect(editor).toHaveValue(/id: retail-sim/);
  await editor.fill(CARD_PROFILE);
  await expect(page.getByText(/Valid profile retail-sim lab-1/)).toBeVisible();
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await expect(page.getByText(/Saved version lab-1/)).toBeVisible();
  const history = page.getByRole('table', { name: 'Versions of retail-sim' });
  await history.getByRole('button', { name: /^Approve version lab-1/ }).click();
  await expect(history.getByText('Approved by', { exact: false })).toBeVisible();
  await nav.getByRole('button', { name: 'Bench' }).click();
}

test('an engineer approves a card profile; insert a card → auto-run writes it → Passed; the Device view shows its identity and the APDUs; removing it empties the slot; screenshots and axe', async ({ page, lab }) => {
  test.setTimeout(60_000);
  await page.goto(lab.station.url);
  await approveCardProfile(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Bench' })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Profile for runs' });
  await picker.selectOption({ label: await picker.locator('option', { hasText: 'retail-sim lab-1' }).innerText() });
  await expect(page.getByTestId('run-profile')).toContainText('lab-1');
  const slot = `reader:${SECOND_READER}`;
  // Both vpcd readers are slots; vsmartcard's own card sits in the first, the second is empty.
  await expect(rowOf(page, `reader:${VICC_READER}`)).toContainText('ATR 3b95', { timeout: 15_000 });
  await expect(rowOf(page, slot)).toContainText('no card');
  await expect(rowOf(page, slot).getByRole('button', { name: `Start run on ${slot}` })).toBeDisabled();

  const autoRun = page.getByRole('checkbox', { name: 'Auto-run on attach' });
  await autoRun.click();
  await expect(autoRun).toBeChecked();
  await lab.card.insert();
  await expect(rowOf(page, slot)).toContainText(`ICCID ${ICCID}`, { timeout: 15_000 });
  await expect(rowOf(page, slot)).toHaveAttribute('data-run-state', 'done', { timeout: 30_000 });
  await expect(rowOf(page, slot)).toContainText('Passed');
  // The card really was written: it answered every APDU of the write and the read-back.
  expect((await lab.card.stats()).apduCount).toBeGreaterThan(4);

  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await page.screenshot({ path: 'artifacts/screenshots/bench-cards.png', fullPage: true });
  await expectAxeClean(page, 'bench with card readers');

  await rowOf(page, slot).getByRole('button', { name: `Inspect ${SECOND_READER} on ${slot}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Device' })).toBeVisible();
  const identity = page.getByLabel('Device identity');
  await expect(identity).toContainText(ICCID);
  await expect(identity).toContainText('ATR');
  await expect(page.getByText(/has no management tree to read/)).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Trace records' });
  await expect(grid.getByRole('row', { name: /UPDATE BINARY/ }).first()).toBeVisible({ timeout: 15_000 });
  await page.getByRole('checkbox', { name: 'APDU' }).uncheck();
  await expect(grid.getByRole('row', { name: /UPDATE BINARY/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'APDU' }).check();
  await expect(grid.getByRole('row', { name: /READ BINARY/ }).first()).toBeVisible();
  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await page.screenshot({ path: 'artifacts/screenshots/device-card.png', fullPage: true });
  await expectAxeClean(page, 'device view of a card reader');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Bench' }).click();
  await lab.card.remove();
  await expect(rowOf(page, slot)).toContainText('no card', { timeout: 15_000 });
});
