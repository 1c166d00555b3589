import { app, BrowserWindow, session } from 'electron';
import { DeviceHostClient } from '../device-host/device-host-client.js';
import { electronHostSpawner } from '../device-host/electron-host-spawner.js';
import { resolve } from 'node:path';
import { HOST_HOOK_TIMEOUT_ENV, hostArgs } from '../device-host/host-options.js';
import { DEFAULT_HOOK_TIMEOUT_MS } from '../hooks/hook-types.js';
import { resolveDataDir } from '../platform/station-files.js';
import type { HostSpawner } from '../device-host/host-process.js';
import { registerElectronRouter } from '../ipc/electron-router.js';
import { reportToStderr } from '../station.js';
import type { AppPaths } from './app-paths.js';
import { registerAppScheme, serveRenderer } from './renderer-protocol.js';
import { hardenSession, installWebContentsGuards } from './security.js';
import { createMainWindow } from './windows.js';

/** The hook timeout `start` hands the host (an absent or bad value: the default). */
function hookTimeoutMs(env: string | undefined): number {
  const ms = Number(env);
  return Number.isInteger(ms) && ms > 0 ? ms : DEFAULT_HOOK_TIMEOUT_MS;
}

/** Options of {@link runApp}. */
export interface RunAppOptions {
  readonly paths: AppPaths;
  /** @default the Electron utility-process spawner for `paths.deviceHost` */
  readonly spawnHost?: HostSpawner;
}

/** What {@link runApp} decided. */
export type RunAppOutcome = 'started' | 'second-instance';

/**
 * The Electron composition root: single-instance lock, security, device host, window, router.
 *
 * Order matters: the app scheme is registered and the WebContents guards installed before
 * `ready`; the session is hardened and the renderer served before the first window loads. On
 * quit the router is removed and the device host shut down before the app exits.
 */
export async function runApp(options: RunAppOptions): Promise<RunAppOutcome> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return 'second-instance';
  }
  registerAppScheme();
  installWebContentsGuards();
  app.enableSandbox();

  let mainWindow: BrowserWindow | undefined;
  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath: options.paths.preload });
    mainWindow.on('closed', () => (mainWindow = undefined));
  };
  app.on('second-instance', () => {
    if (mainWindow === undefined) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  await app.whenReady();
  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, options.paths.renderer);

  const backend = new DeviceHostClient({
    spawn: options.spawnHost ?? electronHostSpawner(options.paths.deviceHost),
    // The same station data (CA, audit, slot names, settings) as the CLI and the web station.
    args: hostArgs({ shell: 'electron', dataDir: resolve(resolveDataDir(undefined)) }),
    // A host shutdown waits for running hooks (docs/hooks.md): 3 s plus the hook timeout `start` passed.
    shutdownTimeoutMs: 3_000 + hookTimeoutMs(process.env[HOST_HOOK_TIMEOUT_ENV]),
    onHostExit: (report) => reportToStderr(new Error(`device host ${String(report.pid)} exited (${String(report.exit.code ?? report.exit.signal)})`), { command: 'device-host', via: 'electron' }),
  });
  const disposeRouter = registerElectronRouter({
    backend,
    windows: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    reportUnexpected: reportToStderr,
  });
  let stopped = false;
  backend.start().catch((error: unknown) => {
    if (!stopped) reportToStderr(error, { command: 'device-host start', via: 'electron' });
  });
  openWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    disposeRouter();
    void backend.close().finally(() => app.quit());
  });
  return 'started';
}
