import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { commandNames } from '../../src-shared/ipc/contract.js';
import { expect, test } from './fixtures.js';
import { expectAxeClean } from './a11y.js';

const benchRow = (page: Page, slot: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: slot, exact: true }) });

/**
 * Waits until the fixture's silent serial port has finished identification: it then re-renders its
 * row and announces "updated" in the one live region, on its own schedule.
 */
const identificationSettled = (page: Page, slot: string) => expect(benchRow(page, slot)).not.toContainText('identifying…', { timeout: 20_000 });

test('the Bench shows the simulated handset and removes the token from the address bar', async ({ page, station }) => {
  await page.goto(station.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Bench' })).toBeVisible();
  const row = benchRow(page, 'sim-1');
  await expect(row).toBeVisible();
  await expect(row).toContainText('Simulated handset 1');
  await expect(row).toContainText(/IMEI \d{15}/);
  await expect(page.getByRole('status')).toHaveText(/Station: Connected/);
  expect(page.url()).toBe(`${station.origin}/`);
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/bench.png', fullPage: true });
});

test('adding and unplugging a simulated handset updates every open Bench live', async ({ page, context, station, ptys }) => {
  const watcher = await context.newPage();
  await page.goto(station.url);
  await watcher.goto(station.url);
  await expect(benchRow(watcher, 'sim-1')).toBeVisible();
  for (const p of [page, watcher]) await identificationSettled(p, ptys.a);

  await page.getByRole('button', { name: 'Add simulated handset' }).click();
  await expect(benchRow(page, 'sim-2')).toBeVisible();
  await expect(benchRow(watcher, 'sim-2')).toBeVisible();
  await expect(watcher.getByTestId('bench-announcer')).toHaveText('Simulated handset 2 attached on sim-2');

  await watcher.getByRole('button', { name: 'Unplug Simulated handset 2' }).click();
  await expect(benchRow(page, 'sim-2')).toHaveCount(0);
  await expect(benchRow(watcher, 'sim-2')).toHaveCount(0);
  await expect(page.getByTestId('bench-announcer')).toHaveText('Simulated handset 2 detached from sim-2');
  await expect(benchRow(page, 'sim-1')).toBeVisible();
});

test('a serial port appears on the Bench and disappears when its cable (socat) goes away', async ({ page, station, ptys }) => {
  await page.goto(station.url);
  const row = benchRow(page, ptys.a);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Serial');
  await ptys.stop();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('bench-announcer')).toHaveText(`${ptys.a} detached from ${ptys.a}`);
});

test('renderer probe: no Node globals, and the bridge is exactly the contract allowlist', async ({ page, station }) => {
  await page.goto(station.url);
  await expect(benchRow(page, 'sim-1')).toBeVisible();
  const probe = await page.evaluate(async (names) => {
    const w = window as unknown as { bootbench: Record<string, (...a: unknown[]) => unknown> };
    const bridge = w.bootbench;
    const refuses = (f: () => unknown) => {
      try {
        f();
        return 'accepted';
      } catch (error) {
        return error instanceof TypeError ? 'TypeError' : 'other';
      }
    };
    const answers: Record<string, boolean> = {};
    for (const name of names) {
      if (name !== 'devices.list' && name !== 'station.info') continue;
      answers[name] = ((await bridge['invoke']!(name, undefined)) as { ok: boolean }).ok;
    }
    return {
      require: typeof (globalThis as Record<string, unknown>)['require'],
      process: typeof (globalThis as Record<string, unknown>)['process'],
      Buffer: typeof (globalThis as Record<string, unknown>)['Buffer'],
      keys: Object.getOwnPropertyNames(bridge).sort(),
      frozen: Object.isFrozen(bridge),
      replaceable: refuses(() => {
        'use strict';
        (w as { bootbench: unknown }).bootbench = {};
      }),
      unknownCommand: refuses(() => bridge['invoke']!('fs.readFile', { path: '/etc/passwd' })),
      protoCommand: refuses(() => bridge['invoke']!('__proto__', {})),
      unknownEvent: refuses(() => bridge['on']!('ipc.raw', () => undefined)),
      answers,
    };
  }, commandNames);
  expect(probe).toEqual({
    require: 'undefined',
    process: 'undefined',
    Buffer: 'undefined',
    keys: ['invoke', 'on'],
    frozen: true,
    replaceable: 'TypeError',
    unknownCommand: 'TypeError',
    protoCommand: 'TypeError',
    unknownEvent: 'TypeError',
    answers: { 'station.info': true, 'devices.list': true },
  });
});

test('the Bench has no serious or critical accessibility violations, in light and dark', async ({ page, station }) => {
  await page.goto(station.url);
  await expect(benchRow(page, 'sim-1')).toBeVisible();
  await expectAxeClean(page);
});

test('a wrong token in the URL shows a clear refusal instead of the Bench', async ({ page, station }) => {
  await page.goto(`${station.origin}/#token=not-the-token`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Not authorised');
  await expect(alert).toContainText('The station token is not valid for this run');
  await expect(alert).toContainText('bootbench serve');
  await expect(page.getByRole('status')).toHaveText(/Not connected/);
  await expect(page.getByRole('button', { name: 'Add simulated handset' })).toHaveCount(0);
});

test('the page is served with the strict CSP and runs without violating it', async ({ page, station }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto(station.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(benchRow(page, 'sim-1')).toBeVisible();
  expect(violations).toEqual([]);
});

test('the Bench is usable from the keyboard alone', async ({ page, station, ptys }) => {
  await page.goto(station.url);
  await expect(benchRow(page, 'sim-1')).toBeVisible();
  await identificationSettled(page, ptys.a);
  const add = page.getByRole('button', { name: 'Add simulated handset' });
  for (let i = 0; i < 20 && !(await add.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(benchRow(page, 'sim-2')).toBeVisible();
  const unplug = page.getByRole('button', { name: 'Unplug Simulated handset 2' });
  for (let i = 0; i < 20 && !(await unplug.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(unplug).toBeFocused();
  await page.keyboard.press('Space');
  await expect(benchRow(page, 'sim-2')).toHaveCount(0);
  await expect(add).toBeFocused();
});

test('the UI says plainly when the station goes away', async ({ page, station }) => {
  await page.goto(station.url);
  await expect(benchRow(page, 'sim-1')).toBeVisible();
  await station.stop();
  await expect(page.getByRole('status')).toHaveText(/Reconnecting/);
  await expect(page.getByRole('button', { name: 'Add simulated handset' })).toBeDisabled();
});
