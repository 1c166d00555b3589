import type { Command } from 'commander';
import { isLuhnValid } from '../../src-shared/domain/imei.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../cli/io.js';
import { openSerialChannel } from '../transports/serial-channel.js';
import { ThrottledChannel } from '../transports/throttled-channel.js';
import type { LineFaults } from './fault-channel.js';
import { SimDevice } from './sim-device.js';
import { simIdentity } from './sim-identity.js';
import { FileStateStore, MemoryStateStore } from './state-store.js';

/** Options of `bootbench-sim` / `bootbench sim`. */
export interface SimCliOptions {
  readonly port: string;
  readonly state?: string;
  readonly baud?: string;
  readonly imei?: string;
  readonly fault: readonly string[];
  readonly grant: readonly string[];
  readonly seed: string;
  readonly stateKeyEnv?: string;
}

/** Parses `--fault` values (`hangup-at=N`, `corrupt=rate`, `stall=ms`, `slow=ms`). */
export function parseFaults(values: readonly string[]): LineFaults & { slowMs?: number } {
  const out: { hangupAt?: number; corruptRate?: number; stallMs?: number; slowMs?: number } = {};
  for (const v of values) {
    const m = /^(hangup-at|corrupt|stall|slow)=([0-9.]+)$/.exec(v);
    const n = m === null ? Number.NaN : Number(m[2]);
    if (m === null || !Number.isFinite(n) || n < 0) throw new ProvisioningError('INVALID_REQUEST', `--fault ${v.slice(0, 60)}: expected hangup-at=N, corrupt=rate, stall=ms or slow=ms`);
    if (m[1] === 'hangup-at') out.hangupAt = Math.floor(n);
    else if (m[1] === 'corrupt') {
      if (n > 1) throw new ProvisioningError('INVALID_REQUEST', '--fault corrupt=rate needs a rate between 0 and 1');
      out.corruptRate = n;
    } else if (m[1] === 'stall') out.stallMs = n;
    else out.slowMs = n;
  }
  return out;
}

const HELP = `
Simulates a DM 2.0 handset on one end of a serial line (e.g. a socat pty pair). It answers AT
identity commands (+CGMI +CGMM +CGMR +CGSN +CIMI +CCID, +BBSTATE?), switches to the Bootbench link
on AT+BBLINK and runs a DM 2.0 client; the MO store is written atomically to --state after every
committed session. Events are printed as JSON lines on stdout. See docs/simulator.md.

Example:
  socat -d -d pty,raw,echo=0,link=/tmp/ttyA pty,raw,echo=0,link=/tmp/ttyB &
  bootbench-sim --port /tmp/ttyB --state phone.json --baud 115200 &
  bootbench bootstrap --port /tmp/ttyA --profile bootstrap.json`;

/** Adds the simulator's options and action to `command` (shared by both entry points). */
export function defineSimCommand(command: Command, io: CliIO, run: CommandRunner): Command {
  const collect = (v: string, prev: string[]): string[] => [...prev, v];
  return command
    .description('simulate a DM 2.0 handset on a serial line (AT + Bootbench link)')
    .requiredOption('--port <tty>', 'the device end of the line')
    .option('--state <file>', 'persistent MO store (default: in memory, forgotten on exit)')
    .option('--baud <n>', 'emulated line rate for what the handset sends (default: pty speed)')
    .option('--imei <imei>', '15-digit IMEI (default: derived from --seed)')
    .option('--fault <spec>', 'hangup-at=N | corrupt=rate | stall=ms | slow=ms (repeatable)', collect, [])
    .option('--grant <moid>', 'configuration MOID the bootstrap server may create (repeatable)', collect, [])
    .option('--seed <n>', 'identity and fault seed', '1')
    .option('--state-key-env <VAR>', 'environment variable with a 32-byte hex key: the state file is sealed (AES-256-GCM)')
    .addHelpText('after', HELP)
    .action(async (o: SimCliOptions) =>
      run(true, async () => {
        const faults = parseFaults(o.fault);
        const seed = Number(o.seed);
        if (!Number.isInteger(seed) || seed < 0) throw new ProvisioningError('INVALID_REQUEST', '--seed must be a non-negative integer');
        if (o.imei !== undefined && !(/^\d{15}$/.test(o.imei) && isLuhnValid(o.imei))) throw new ProvisioningError('INVALID_REQUEST', '--imei must be 15 digits with a valid Luhn check digit');
        const baud = o.baud === undefined ? undefined : Number(o.baud);
        if (baud !== undefined && !(Number.isInteger(baud) && baud >= 300 && baud <= 16_000_000)) throw new ProvisioningError('INVALID_REQUEST', '--baud must be an integer line rate');
        let stateKey: Uint8Array | undefined;
        if (o.stateKeyEnv !== undefined) {
          const hex = process.env[o.stateKeyEnv] ?? '';
          if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ProvisioningError('INVALID_REQUEST', `${o.stateKeyEnv} must hold a 32-byte key as 64 hex digits`);
          stateKey = new Uint8Array(Buffer.from(hex, 'hex'));
        }
        const serial = await openSerialChannel({ path: o.port, hangupProbeMs: 20 });
        const channel: ByteChannel = baud === undefined ? serial : new ThrottledChannel(serial, { baudRate: baud });
        const identity = simIdentity(seed, o.imei === undefined ? {} : { imei: o.imei });
        const device = new SimDevice({
          channel,
          store: o.state === undefined ? new MemoryStateStore() : new FileStateStore(o.state, stateKey),
          identity,
          ...(o.grant.length === 0 ? {} : { extraGrants: o.grant }),
          faults,
          seed,
          onEvent: (e) => writeJson(io, { event: e.kind, ...e }),
        });
        const stop = (): void => void serial.close();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        writeJson(io, { event: 'ready', port: o.port, imei: identity.imei, imsi: identity.imsi, iccid: identity.iccid });
        try {
          await device.run();
        } finally {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
        }
        return EXIT.ok;
      }),
    );
}
