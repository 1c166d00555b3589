import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { findElectronBinary } from '../../app/electron-binary.js';
import { hostHookEnv } from '../../device-host/host-options.js';
import { readHooksFile } from '../../hooks/hooks-file.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { packageRoot } from '../../web/package-root.js';
import { hookOverridesOf, withHookOptions } from '../hook-options.js';
import { EXIT, type CliIO, type CommandRunner } from '../io.js';
import { serveUntil, untilSignalled, withStationOptions, type ServeCliOptions } from './serve.js';

/** What `start` needs from the machine; injected so tests can supply a stand-in Electron. */
export interface StartDeps {
  readonly findElectron: () => string | undefined;
  readonly electronMain: string;
  readonly stopped: () => Promise<void>;
}

/** The machine's real Electron binary, built app entry and stop signals. */
export function defaultStartDeps(): StartDeps {
  return { findElectron: () => findElectronBinary(), electronMain: join(packageRoot(), 'out', 'electron', 'main.cjs'), stopped: untilSignalled };
}

/**
 * Runs Electron with the app entry, relaying its output; resolves to its exit code. `env` is added
 * to this process's environment for it (the app's device host reads its hooks from there).
 */
export function runElectron(binary: string, main: string, io: CliIO, env: Readonly<Record<string, string>> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [main], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.pipe(io.stdout, { end: false });
    child.stderr.pipe(io.stderr, { end: false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.once('error', (error) => {
      done();
      reject(new ProvisioningError('INTERNAL', `Electron could not be started: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      done();
      resolve(code ?? (signal === null ? EXIT.internal : 128 + 15));
    });
  });
}

/**
 * What the desktop app is given through its environment: the data directory (`--data-dir`) and
 * the --on-* hooks, which its device host runs (it reads hooks.json from that directory itself).
 * Checks them first: a bad --hook-timeout-ms or hooks.json is INVALID_REQUEST (exit 2).
 */
export async function electronEnv(opts: ServeCliOptions): Promise<Record<string, string>> {
  const overrides = hookOverridesOf(opts);
  const dataDir = resolve(resolveDataDir(opts.dataDir));
  await readHooksFile(dataDir);
  return { ...(opts.dataDir === undefined ? {} : { BOOTBENCH_DATA_DIR: dataDir }), ...hostHookEnv({ overrides }) };
}

/**
 * `start` body: Electron where its binary can be had, else the web station with a plain notice.
 * Hooks run once per event either way: in the app's device host, or as `serve` runs them.
 */
export async function startApp(io: CliIO, opts: ServeCliOptions, deps: StartDeps): Promise<number> {
  const binary = deps.findElectron();
  if (binary !== undefined) {
    if (!existsSync(deps.electronMain)) {
      throw new ProvisioningError('NOT_FOUND', 'The desktop app is not built yet. Run `npm run build` first.', { details: { path: deps.electronMain } });
    }
    return runElectron(binary, deps.electronMain, io, await electronEnv(opts));
  }
  io.stderr.write(
    "Electron's binary is not available on this machine (node_modules/electron/dist is missing: it is downloaded on install, which needs network access); serving the web station instead.\n",
  );
  return serveUntil(io, opts, deps.stopped());
}

/** `bootbench start`: the desktop app, or the web station where Electron cannot run. */
export function registerStart(program: Command, io: CliIO, run: CommandRunner): void {
  withHookOptions(
    withStationOptions(
      program
        .command('start')
        .description('start the Bootbench desktop app (falls back to the web station where Electron is not available)')
        .addHelpText(
          'after',
          '\nHooks (--on-attach …, or hooks.json in the data dir) run in the app\'s device host, with the device facts in BOOTBENCH_* environment variables (docs/hooks.md).\n\nExamples:\n  bootbench start\n  bootbench start --serial-port /tmp/ttyBENCH0\n  bootbench start --on-attach ./line-controller.sh',
        ),
    ),
  ).action(async (opts: ServeCliOptions) => run(Boolean(opts.json), () => startApp(io, opts, defaultStartDeps())));
}
