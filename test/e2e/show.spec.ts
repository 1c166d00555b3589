import { mkdirSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import type { DeviceId } from '../../src-shared/domain/device.js';
import { DmClient, dm, ShowEndpoint, type ReceivedAnswer } from '../../src-shared/protocol/dm/session/index.js';
import { TreeStore } from '../../src-shared/protocol/dm/tree/transaction.js';
import { stationInteraction } from '../../src-main/areas/interaction.js';
import { nodeRandom, startDmServerHost, type DmServerHost } from '../../src-main/dm/dm-server-host.js';
import { NodeHttpClient } from '../../src-main/dm/http-client.js';
import { startDmHttpServer, type DmHttpServer } from '../../src-main/dm/http-server.js';
import { createStation, inProcessBackend, type Station } from '../../src-main/station.js';
import { startWebStation, type WebStation } from '../../src-main/web/web-station.js';
import { DEV_ID, deviceTree, SERVER_ID } from '../main/dm/fixtures.js';
import { expectAxeClean } from './a11y.js';

/**
 * The real station (in this process, `--in-process` style) behind the real web station, a real DM
 * server whose app sends SHOW, the server's web server component (ShowEndpoint) and a handset's DM
 * client engine hosted by the station (its UserInteraction port is the station's interaction
 * service). Everything stopped after the test.
 */
const test = base.extend<{ rig: { station: Station; web: WebStation; host: DmServerHost; ui: DmHttpServer; answers: ReceivedAnswer[]; showUrl: string } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  rig: async ({}, use) => {
    const station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, discovery: { usb: false } });
    const web = await startWebStation({ backend: inProcessBackend(station) });
    const answers: ReceivedAnswer[] = [];
    const holder: { endpoint?: ShowEndpoint } = {};
    const ui = await startDmHttpServer({ handler: (r, p) => holder.endpoint!.handler(r, p) });
    holder.endpoint = new ShowEndpoint({ baseUrl: `${ui.url}/ui/consent`, random: nodeRandom, onAnswer: (a) => answers.push(a) });
    const showUrl = holder.endpoint.open({ title: 'Firmware update', question: 'Install firmware 7.1.3 tonight? The handset restarts once.', choices: ['Install', 'Later'] });
    const host = await startDmServerHost({ serverId: SERVER_ID, app: { next: (t) => (t.round === 0 ? [dm.show(showUrl)] : []) } });
    try {
      await use({ station, web, host, ui, answers, showUrl });
    } finally {
      await host.close();
      await ui.close();
      await web.close();
      await station.close();
    }
  },
});

test('a SHOW from a DM server is answered in Chromium and the server observes the answer; screenshot and axe', async ({ page, rig }) => {
  await page.goto(rig.web.url);
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  const service = stationInteraction(rig.station.services);
  if (service === undefined) throw new Error('no interaction area');
  const deviceId = rig.station.services.registry.idsOf('simulated')[0] as DeviceId;
  const handset = new DmClient({ devId: DEV_ID, http: new NodeHttpClient({}), tree: new TreeStore(deviceTree(rig.host.entryUrl)), ui: service.port({ deviceId, slot: 'sim-1' }) });
  expect((await handset.openSession(SERVER_ID)).kind).toBe('completed');

  const dialog = page.getByRole('dialog', { name: 'Firmware update' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Install firmware 7.1.3 tonight? The handset restarts once.');
  await expect(dialog).toContainText(`The device in sim-1 was asked by ${SERVER_ID}`);
  await expect(dialog.getByRole('button', { name: 'Install' })).toBeFocused();
  // Keyboard only: Tab wraps inside the dialog.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Dismiss' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Install' })).toBeFocused();

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await dialog.getByRole('button', { name: 'Install' }).focus();
  mkdirSync('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/show.png', fullPage: true });
  await expectAxeClean(page);

  await dialog.getByRole('button', { name: 'Later' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('interaction-status')).toHaveText(`Answer sent to ${SERVER_ID}.`);
  expect(rig.answers.map((a) => a.answer)).toEqual([{ choice: 'Later' }]);
  expect(service.list().map((p) => p.state)).toEqual(['answered']);
});

test('Escape dismisses a SHOW prompt: nothing reaches the server', async ({ page, rig }) => {
  await page.goto(rig.web.url);
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  const service = stationInteraction(rig.station.services)!;
  const handset = new DmClient({ devId: DEV_ID, http: new NodeHttpClient({}), tree: new TreeStore(deviceTree(rig.host.entryUrl)), ui: service.port({ slot: 'sim-1' }) });
  await handset.openSession(SERVER_ID);
  const dialog = page.getByRole('dialog', { name: 'Firmware update' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('interaction-status')).toHaveText(`Dismissed the request from ${SERVER_ID}.`);
  expect(rig.answers).toEqual([]);
});
