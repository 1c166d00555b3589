import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { deviceHostBackendFactory, inProcessBackendFactory, openServedStation, type BackendFactory } from '../../web/served-station.js';
import { connectHooks } from '../../hooks/connect-hooks.js';
import type { HookRunner } from '../../hooks/hook-runner.js';
import { mergeHooks, readHooksFile } from '../../hooks/hooks-file.js';
import { hookOverridesOf, openHooks, withHookOptions, type HookCliOptions } from '../hook-options.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

/** Options shared by `serve` and `start` (commander's parsed form). */
export interface ServeCliOptions extends HookCliOptions {
  readonly port: string;
  readonly host: string;
  readonly sim: string;
  readonly serialPort?: string[];
  readonly pollMs: string;
  /** False with `--no-readers`. */
  readonly readers?: boolean;
  readonly inProcess?: boolean;
  readonly dataDir?: string;
  readonly json?: boolean;
}

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
export function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ProvisioningError('INVALID_REQUEST', `--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** Adds the station options to a command. */
export function withStationOptions(cmd: Command): Command {
  return cmd
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--host <host>', 'loopback address to bind: 127.0.0.1 or localhost', '127.0.0.1')
    .option('--sim <n>', 'simulated handsets plugged in at start', '1')
    .option('--serial-port <path...>', 'also watch these tty paths (e.g. socat ptys)')
    .option('--poll-ms <ms>', 'serial port scan interval', '1000')
    .option('--no-readers', 'do not show PC/SC card readers as bench slots (docs/card-readers.md)')
    .option('--data-dir <dir>', 'station data directory: slot names persist there (default $BOOTBENCH_DATA_DIR or ~/.local/share/bootbench)')
    .option('--in-process', 'run ports and readers in this process instead of a device-host child')
    .option('--json', 'print {url, origin, port, token} as one JSON line');
}

/** A backend factory whose station's events also drive the hooks (the station runs in this process). */
function withHooks(factory: BackendFactory, hooks: HookRunner): BackendFactory {
  return async (services) => {
    const backend = await factory(services);
    connectHooks(backend, hooks);
    return backend;
  };
}

/**
 * Runs the web station until `stopped` resolves; prints where to open it.
 *
 * JSON output carries the token on purpose: scripts and tests that drive the station need it, and
 * it is already in the URL the operator is shown. It is valid for this run only.
 *
 * Hooks are run by the layer that owns the station, once per event (docs/hooks.md): the device
 * host when there is one (it reads hooks.json from the same data dir and gets the --on-* flags as
 * arguments), else this process (`--in-process`, or a backend factory given by the caller).
 * Either way hooks.json and the flags are checked here first, so bad ones stop `serve` with exit 2.
 */
export async function serveUntil(io: CliIO, opts: ServeCliOptions, stopped: Promise<void>, createBackend?: BackendFactory): Promise<number> {
  const dataDir = resolve(resolveDataDir(opts.dataDir));
  const inHost = createBackend === undefined && opts.inProcess !== true;
  const overrides = hookOverridesOf(opts);
  const config = mergeHooks(await readHooksFile(dataDir), overrides);
  const hooks = inHost ? undefined : await openHooks(io, opts);
  const base = createBackend ?? (inHost ? deviceHostBackendFactory : inProcessBackendFactory);
  const station = await openServedStation({
    port: integerOption('port', opts.port, 0, 65_535),
    host: opts.host,
    simulatedDevices: integerOption('sim', opts.sim, 0, 64),
    serialPaths: opts.serialPort ?? [],
    pollMs: integerOption('poll-ms', opts.pollMs, 50, 60_000),
    readers: opts.readers !== false,
    dataDir,
    ...(inHost && config !== undefined ? { hostHooks: { overrides, reports: opts.json === true ? 'json' : 'text', timeoutMs: config.timeoutMs } } : {}),
    createBackend: hooks === undefined ? base : withHooks(base, hooks),
  });
  const { url, origin, port, token } = station.web;
  if (opts.json) writeJson(io, { url, origin, port, token });
  else io.stdout.write(`Bootbench web station is running.\n  Open ${url}\n  Press Ctrl+C to stop.\n`);
  await stopped;
  await station.close();
  await hooks?.drain();
  return EXIT.ok;
}

/** `bootbench serve`: the station's services and UI in a browser, on loopback. */
export function registerServe(program: Command, io: CliIO, run: CommandRunner): void {
  withHookOptions(
    withStationOptions(
      program
        .command('serve')
        .description('run the web station: the Bootbench UI for a browser on this machine (headless line stations, kiosks)')
        .addHelpText(
          'after',
          '\nHooks (--on-attach …, or hooks.json in the data dir) get the device facts in BOOTBENCH_* environment variables (docs/cli.md#hooks).\n\nExamples:\n  bootbench serve\n  bootbench serve --port 8080 --serial-port /tmp/ttyBENCH0 --json\n  bootbench serve --on-attach ./line-controller.sh --on-failure ./alarm.sh',
        ),
    ),
  ).action(async (opts: ServeCliOptions) => run(Boolean(opts.json), () => serveUntil(io, opts, untilSignalled())));
}
