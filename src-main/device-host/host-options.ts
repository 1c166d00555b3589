import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { StationOptions } from '../station.js';
import type { HookEvent } from '../hooks/hook-types.js';
import type { HostHookSettings } from '../hooks/host-hooks.js';

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
  /** Hooks given on the command line (`start`/`serve` --on-*), over `<dataDir>/hooks.json` (docs/hooks.md). */
  readonly hooks?: HostHookSettings;
}

/** Environment variable that turns serial discovery off when set to `0`. */
export const HOST_SERIAL_ENV = 'BOOTBENCH_HOST_SERIAL';

/** The host's hook arguments and the environment variables that stand in for them. */
const HOOK_ARGS: readonly (readonly [HookEvent, string, string])[] = [
  ['attach', '--on-attach', 'BOOTBENCH_HOST_ON_ATTACH'],
  ['detach', '--on-detach', 'BOOTBENCH_HOST_ON_DETACH'],
  ['success', '--on-success', 'BOOTBENCH_HOST_ON_SUCCESS'],
  ['failure', '--on-failure', 'BOOTBENCH_HOST_ON_FAILURE'],
];
/** Environment stand-in of `--hook-timeout-ms` (`start` passes hooks to the desktop app's host this way). */
export const HOST_HOOK_TIMEOUT_ENV = 'BOOTBENCH_HOST_HOOK_TIMEOUT_MS';

/**
 * The environment that gives a device host started by someone else (the desktop app's main
 * process) the hooks of `start`: `BOOTBENCH_HOST_ON_ATTACH`, … and {@link HOST_HOOK_TIMEOUT_ENV}.
 * A hook never sees these (hooks inherit no `BOOTBENCH_*` variable).
 */
export function hostHookEnv(hooks: HostHookSettings | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  const o = hooks?.overrides ?? {};
  for (const [event, , name] of HOOK_ARGS) {
    const command = o[event];
    if (command !== undefined) env[name] = command;
  }
  if (o.timeoutMs !== undefined) env[HOST_HOOK_TIMEOUT_ENV] = String(o.timeoutMs);
  return env;
}

const isCommand = (v: string | undefined): v is string => v !== undefined && v.trim() !== '' && v.length <= 4_096;
const isTimeout = (v: string | undefined): v is string => v !== undefined && /^\d{3,6}$/.test(v) && Number(v) >= 100 && Number(v) <= 600_000;

/** Hook settings from the environment (the defaults argv overrides); bad values are refused like bad arguments. */
function hooksFromEnv(env: Readonly<Record<string, string | undefined>>): { commands: Partial<Record<HookEvent, string>>; timeoutMs?: number } {
  const commands: Partial<Record<HookEvent, string>> = {};
  for (const [event, flag, name] of HOOK_ARGS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (!isCommand(value)) throw new ProvisioningError('INVALID_REQUEST', `${name} is not a usable ${flag} command`);
    commands[event] = value;
  }
  const timeout = env[HOST_HOOK_TIMEOUT_ENV];
  if (timeout === undefined || timeout === '') return { commands };
  if (!isTimeout(timeout)) throw new ProvisioningError('INVALID_REQUEST', `${HOST_HOOK_TIMEOUT_ENV} must be a whole number from 100 to 600000`);
  return { commands, timeoutMs: Number(timeout) };
}

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
 * `--serial-port=<path>` (repeatable), `--poll-ms=<50..60000>`, `--data-dir=<absolute path>`, and the hooks: `--on-attach=<cmd>`,
 * `--on-detach=<cmd>`, `--on-success=<cmd>`, `--on-failure=<cmd>`, `--hook-timeout-ms=<100..600000>`,
 * `--hook-reports=json|text`.
 *
 * `BOOTBENCH_HOST_SERIAL=0` in the environment has the same effect as `--no-serial`;
 * `BOOTBENCH_HOST_ON_ATTACH` … and `BOOTBENCH_HOST_HOOK_TIMEOUT_MS` give hooks an argument overrides.
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
  const fromEnv = hooksFromEnv(env);
  const commands = fromEnv.commands;
  let hookTimeoutMs = fromEnv.timeoutMs;
  let reports: 'json' | 'text' | undefined;
  for (const arg of argv) {
    const [key, value] = splitArg(arg);
    if (key === HOST_ARGS_MARKER && value === undefined) continue;
    const hook = HOOK_ARGS.find(([, flag]) => flag === key);
    if (hook !== undefined && isCommand(value)) commands[hook[0]] = value;
    else if (key === '--hook-timeout-ms' && isTimeout(value)) hookTimeoutMs = Number(value);
    else if (key === '--hook-reports' && (value === 'json' || value === 'text')) reports = value;
    else if (key === '--no-serial' && value === undefined) serial = false;
    else if (key === '--no-readers' && value === undefined) readers = false;
    else if (key === '--shell' && (value === 'electron' || value === 'web')) shell = value;
    else if (key === '--simulated' && value !== undefined && /^\d{1,2}$/.test(value) && Number(value) <= 64) simulatedDevices = Number(value);
    else if (key === '--serial-port' && value !== undefined && value.startsWith('/') && value.length <= 500) serialPaths.push(value);
    else if (key === '--poll-ms' && value !== undefined && /^\d{2,5}$/.test(value) && Number(value) >= 50 && Number(value) <= 60_000) pollMs = Number(value);
    else if (key === '--data-dir' && value !== undefined && value.startsWith('/') && value.length <= 1000) dataDir = value;
    else throw new ProvisioningError('INVALID_REQUEST', `Unknown device-host argument: ${arg.slice(0, 100)}`);
  }
  const overrides = { ...commands, ...(hookTimeoutMs === undefined ? {} : { timeoutMs: hookTimeoutMs }) };
  const hooks = Object.keys(overrides).length === 0 && reports === undefined ? undefined : { overrides, ...(reports === undefined ? {} : { reports }) };
  return { shell, serial, simulatedDevices, serialPaths, pollMs, ...(dataDir === undefined ? {} : { dataDir }), ...(readers ? {} : { readers }), ...(hooks === undefined ? {} : { hooks }) };
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
  const o = options.hooks?.overrides ?? {};
  for (const [event, flag] of HOOK_ARGS) {
    const command = o[event];
    if (command !== undefined) args.push(`${flag}=${command}`);
  }
  if (o.timeoutMs !== undefined) args.push(`--hook-timeout-ms=${o.timeoutMs}`);
  if (options.hooks?.reports !== undefined) args.push(`--hook-reports=${options.hooks.reports}`);
  return args;
}

function splitArg(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
