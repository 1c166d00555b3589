import type { Command } from 'commander';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { createStation } from '../../station.js';
import { withHookOptions, openHooks, type HookCliOptions } from '../hook-options.js';
import { hookListener } from '../../hooks/hook-events.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

function line(d: DeviceSummary): string {
  const id = d.identity.imei ?? d.identity.serialNumber ?? '';
  return `${d.slot.padEnd(24)} ${d.transport.padEnd(10)} ${d.kind.padEnd(12)} ${d.label}${id ? `  ${id}` : ''}`;
}

/** `bootbench devices [list|watch]`: the attached devices (serial ports and the built-in simulated handset). */
export function registerDevices(program: Command, io: CliIO, run: CommandRunner): void {
  const devices = program
    .command('devices')
    .description('list attached devices, or watch them come and go')
    // Options after `list`/`watch` are theirs (both have --json, --port, --no-sim).
    .enablePositionalOptions()
    .addHelpText('after', '\nExamples:\n  bootbench devices --json\n  bootbench devices watch --port /tmp/ttyBENCH0\n  bootbench devices watch --on-attach ./label-printer.sh --on-detach ./log-detach.sh');

  const common = (cmd: Command) =>
    cmd
      .option('--json', 'machine-readable output')
      .option('--port <path...>', 'also watch these tty paths (e.g. socat ptys)')
      .option('--no-sim', 'do not plug in the built-in simulated handset');

  const list = async (opts: { json?: boolean; port?: string[]; sim: boolean }) =>
    run(Boolean(opts.json), async () => {
      const station = await createStation({ shell: 'web', serial: { extraPaths: opts.port ?? [] }, simulatedDevices: opts.sim ? 1 : 0 });
      try {
        const found = station.services.registry.list();
        if (opts.json) writeJson(io, found);
        else io.stdout.write(found.length === 0 ? 'No devices.\n' : `${found.map(line).join('\n')}\n`);
        return EXIT.ok;
      } finally {
        await station.close();
      }
    });

  common(devices).action(list);
  common(devices.command('list').description('list attached devices (default)'))
    .addHelpText('after', '\nExamples:\n  bootbench devices list\n  bootbench devices list --no-sim --port /tmp/ttyBENCH0 --json')
    .action(list);
  withHookOptions(common(devices.command('watch').description('print attach/detach events until interrupted; run hooks on them')))
    .option('--poll-ms <ms>', 'port scan interval', '500')
    .option('--data-dir <dir>', 'station data directory: hooks.json is read from there (default $BOOTBENCH_DATA_DIR or ~/.local/share/bootbench)')
    .addHelpText('after', '\nHooks get the device facts in BOOTBENCH_* environment variables (docs/cli.md#hooks).\n\nExamples:\n  bootbench devices watch --json\n  bootbench devices watch --port /tmp/ttyBENCH0 --on-attach \'./print-label.sh\'')
    .action(async (opts: { json?: boolean; port?: string[]; sim: boolean; pollMs: string } & HookCliOptions) =>
      run(Boolean(opts.json), async () => {
        const hooks = await openHooks(io, opts);
        const station = await createStation({ shell: 'web', serial: { extraPaths: opts.port ?? [], pollMs: Number(opts.pollMs) }, simulatedDevices: 0 });
        const toHooks = hooks === undefined ? undefined : hookListener(hooks);
        const stop = station.services.bus.subscribe((name, payload) => {
          toHooks?.(name, payload);
          if (opts.json) writeJson(io, { event: name, payload });
          else io.stdout.write(`${name} ${JSON.stringify(payload)}\n`);
        });
        for (const d of station.services.registry.list()) {
          toHooks?.('device.attached', d);
          if (opts.json) writeJson(io, { event: 'device.attached', payload: d });
          else io.stdout.write(`device.attached ${line(d)}\n`);
        }
        if (opts.sim) station.services.simulator.attach();
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        stop();
        await station.close();
        await hooks?.drain();
        return EXIT.ok;
      }),
    );
}
