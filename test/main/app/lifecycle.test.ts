import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, type createFakeElectron } from './fake-electron.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';
import { channelOf } from '../../../src-shared/ipc/contract.js';

const electron = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('./fake-electron.js');
  electron.current = create();
  return electron.current.module;
});

const { runApp } = await import('../../../src-main/app/lifecycle.js');
const fake = electron.current;
const app = fake.module.app;

const paths = { preload: '/app/out/electron/preload.cjs', deviceHost: '/unused', renderer: '/app/out/renderer' };
/** The real built host (out/main/device-host.mjs), forked by Node instead of utilityProcess. */
const spawnHost = nodeHostSpawner({ output: 'ignore', env: { BOOTBENCH_HOST_SERIAL: '0' } });

beforeEach(() => {
  FakeBrowserWindow.all = [];
  app.removeAllListeners();
  app.quits = 0;
  app.hasLock = true;
});

afterEach(async () => {
  // Quit as Electron would: will-quit runs the app's shutdown (router off, host closed).
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  app.emit('will-quit', event);
  if (event.prevented) await vi.waitUntil(() => app.quits > 0, { timeout: 5000 });
});

describe('runApp', () => {
  it('quits at once when another instance holds the lock', async () => {
    app.hasLock = false;
    expect(await runApp({ paths, spawnHost })).toBe('second-instance');
    expect(app.quits).toBe(1);
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('opens one secure window on the app origin and shows it when ready', async () => {
    expect(await runApp({ paths, spawnHost })).toBe('started');
    expect(app.sandboxed).toBe(true);
    expect(fake.privileged).toContainEqual({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) });
    const [window] = FakeBrowserWindow.all;
    expect(FakeBrowserWindow.all).toHaveLength(1);
    expect(window!.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(window!.loaded).toEqual(['app://bootbench/index.html']);
    expect(window!.shown).toBe(false);
    window!.emit('ready-to-show');
    expect(window!.shown).toBe(true);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await runApp({ paths, spawnHost });
    app.emit('second-instance');
    expect(FakeBrowserWindow.all[0]!.focused).toBe(1);
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('hardens the session: permissions denied, remote requests cancelled, renderer served on app:', async () => {
    await runApp({ paths, spawnHost });
    const session = fake.module.session.defaultSession;
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'serial', 'hid', 'usb', 'clipboard-read']) {
      session.permissionRequest!(undefined, permission, (ok) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(session.permissionCheck!(undefined, 'media')).toBe(false);
    expect(session.devicePermission!({})).toBe(false);
    const cancelled: unknown[] = [];
    session.beforeRequest!.listener({ url: 'https://example.invalid/' }, (r: unknown) => cancelled.push(r));
    expect(cancelled).toEqual([{ cancel: true }]);
    expect(session.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    expect(session.protocolHandlers.has('app')).toBe(true);
  });

  it('guards every new WebContents: no new windows, no navigation off the app origin, no webview', async () => {
    await runApp({ paths, spawnHost });
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://evil.invalid/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://bootbench.invalid/docs' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://bootbench.invalid/docs']);
    expect(contents.windowOpenHandler!({ url: 'http://bootbench.invalid/docs' })).toEqual({ action: 'deny' });
    expect(fake.opened).toHaveLength(1);
    expect(contents.fire('will-navigate', 'https://evil.invalid/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://bootbench/settings')).toBe(false);
    expect(contents.fire('will-frame-navigate', 'https://evil.invalid/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://evil.invalid/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('routes the window’s IPC to the real device host and shuts it down on quit', async () => {
    await runApp({ paths, spawnHost });
    const [window] = FakeBrowserWindow.all;
    const handler = fake.handlers.get(channelOf('station.info'))!;
    const answer = await handler({ sender: window!.webContents, senderFrame: window!.webContents.mainFrame }, undefined);
    expect(answer).toMatchObject({ ok: true, value: { shell: 'electron', name: 'Bootbench' } });
    const foreign = new FakeWebContents();
    const refused = await handler({ sender: foreign, senderFrame: foreign.mainFrame }, undefined);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });

    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('will-quit', event);
    expect(event.prevented).toBe(true);
    expect(fake.handlers.size).toBe(0);
    await vi.waitUntil(() => app.quits === 1, { timeout: 5000 });
  });
});
