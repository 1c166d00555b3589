import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { findElectronBinary } from '../../app/electron-binary.js';
import { packageRoot } from '../../web/package-root.js';
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

/** Runs Electron with the app entry, relaying its output; resolves to its exit code. */
export function runElectron(binary: string, main: string, io: CliIO): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [main], { stdio: ['ignore', 'pipe', 'pipe'] });
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
 * `start` body: Electron where its binary can be had, else the web station with a plain notice.
 */
export async function startApp(io: CliIO, opts: ServeCliOptions, deps: StartDeps): Promise<number> {
  const binary = deps.findElectron();
  if (binary !== undefined) {
    if (!existsSync(deps.electronMain)) {
      throw new ProvisioningError('NOT_FOUND', 'The desktop app is not built yet. Run `npm run build` first.', { details: { path: deps.electronMain } });
    }
    return runElectron(binary, deps.electronMain, io);
  }
  io.stderr.write(
    "Electron's binary is not available on this machine (node_modules/electron/dist is missing: it is downloaded on install, which needs network access); serving the web station instead.\n",
  );
  return serveUntil(io, opts, deps.stopped());
}

/** `bootbench start`: the desktop app, or the web station where Electron cannot run. */
export function registerStart(program: Command, io: CliIO, run: CommandRunner): void {
  withStationOptions(
    program
      .command('start')
      .description('start the Bootbench desktop app (falls back to the web station where Electron is not available)')
      .addHelpText('after', '\nExamples:\n  bootbench start\n  bootbench start --serial-port /tmp/ttyBENCH0'),
  ).action(async (opts: ServeCliOptions) => run(Boolean(opts.json), () => startApp(io, opts, defaultStartDeps())));
}
