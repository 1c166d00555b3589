import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { StationOptions } from '../station.js';

/** How the device host was asked to run, from its argv and environment. */
export interface HostOptions {
  readonly shell: StationOptions['shell'];
  /** False turns the serial-port watcher off (tests; machines where polling ports is slow). */
  readonly serial: boolean;
  /** Simulated handsets plugged in at start. */
  readonly simulatedDevices: number;
  /** Extra tty paths to watch (socat ptys and links the OS port list does not show). */
  readonly serialPaths: readonly string[];
  /** Port scan interval. @default 1000 */
  readonly pollMs: number;
  /** PC/SC card readers as slots (docs/card-readers.md); only `--no-readers` sets it. @default true */
  readonly readers?: boolean;
  /** Station data directory (slot names persist there); in memory only when absent. */
  readonly dataDir?: string;
}

/** Environment variable that turns serial discovery off when set to `0`. */
export const HOST_SERIAL_ENV = 'BOOTBENCH_HOST_SERIAL';

/**
 * Marks where the host's own arguments start in `process.argv`.
 *
 * Node's fork puts them after the script path, Electron's utility process may prefix its own
 * switches; the marker makes the host independent of either layout.
 */
export const HOST_ARGS_MARKER = '--bootbench-host';

/** The host's own arguments out of a full `process.argv` (none if the marker is absent). */
export function hostArgsOf(argv: readonly string[]): readonly string[] {
  const at = argv.indexOf(HOST_ARGS_MARKER);
  return at < 0 ? [] : argv.slice(at + 1);
}

/**
 * Parses the host's arguments: `--shell=electron|web`, `--no-serial`, `--no-readers`, `--simulated=<0..64>`,
 * `--serial-port=<path>` (repeatable), `--poll-ms=<50..60000>`, `--data-dir=<absolute path>`.
 *
 * `BOOTBENCH_HOST_SERIAL=0` in the environment has the same effect as `--no-serial`.
 *
 * @throws ProvisioningError `INVALID_REQUEST` for an unknown or malformed argument.
 */
export function parseHostOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): HostOptions {
  let shell: HostOptions['shell'] = 'electron';
  let serial = env[HOST_SERIAL_ENV] !== '0';
  let simulatedDevices = 1;
  const serialPaths: string[] = [];
  let pollMs = 1000;
  let dataDir: string | undefined;
  let readers = true;
  for (const arg of argv) {
    const [key, value] = splitArg(arg);
    if (key === HOST_ARGS_MARKER && value === undefined) continue;
    if (key === '--no-serial' && value === undefined) serial = false;
    else if (key === '--no-readers' && value === undefined) readers = false;
    else if (key === '--shell' && (value === 'electron' || value === 'web')) shell = value;
    else if (key === '--simulated' && value !== undefined && /^\d{1,2}$/.test(value) && Number(value) <= 64) simulatedDevices = Number(value);
    else if (key === '--serial-port' && value !== undefined && value.startsWith('/') && value.length <= 500) serialPaths.push(value);
    else if (key === '--poll-ms' && value !== undefined && /^\d{2,5}$/.test(value) && Number(value) >= 50 && Number(value) <= 60_000) pollMs = Number(value);
    else if (key === '--data-dir' && value !== undefined && value.startsWith('/') && value.length <= 1000) dataDir = value;
    else throw new ProvisioningError('INVALID_REQUEST', `Unknown device-host argument: ${arg.slice(0, 100)}`);
  }
  return { shell, serial, simulatedDevices, serialPaths, pollMs, ...(dataDir === undefined ? {} : { dataDir }), ...(readers ? {} : { readers }) };
}

/** Turns options back into argv (the parent uses this to start the host). */
export function hostArgs(options: Partial<HostOptions>): string[] {
  const args: string[] = [HOST_ARGS_MARKER];
  if (options.shell !== undefined) args.push(`--shell=${options.shell}`);
  if (options.serial === false) args.push('--no-serial');
  if (options.readers === false) args.push('--no-readers');
  if (options.simulatedDevices !== undefined) args.push(`--simulated=${options.simulatedDevices}`);
  for (const path of options.serialPaths ?? []) args.push(`--serial-port=${path}`);
  if (options.pollMs !== undefined) args.push(`--poll-ms=${options.pollMs}`);
  if (options.dataDir !== undefined) args.push(`--data-dir=${options.dataDir}`);
  return args;
}

function splitArg(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
