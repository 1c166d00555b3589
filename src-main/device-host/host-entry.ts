import * as nodeModule from 'node:module';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { hostArgsOf, parseHostOptions, type HostOptions } from './host-options.js';
import { openParentLink } from './parent-link.js';
import { headStartCall } from './early-first-call.js';

/**
 * Process entry of the device host: the child process that owns ports, readers and the engine.
 *
 * Started by the main process (`utilityProcess.fork` under Electron, `child_process.fork` under
 * Node); it runs the station and answers contract calls over the parent link until the parent
 * asks it to shut down or goes away.
 *
 * This module is the host's small boot stage (docs/startup.md): it checks its arguments and the
 * parent link, turns on V8's compile cache, starts listing the machine's serial ports (the OS
 * enumeration runs while the station's modules load; the station does not wait for it) and only
 * then imports the station.
 */
async function main(): Promise<number | undefined> {
  let options: HostOptions;
  try {
    options = parseHostOptions(hostArgsOf(process.argv), process.env);
  } catch (error) {
    process.stderr.write(`bootbench device host: ${error instanceof ProvisioningError ? error.message : 'bad arguments'}\n`);
    return 2;
  }
  const link = openParentLink(() => process.exit(0));
  if (link === undefined) {
    process.stderr.write('bootbench device host: must be started by the Bootbench main process\n');
    return 2;
  }
  // Compiled code of the modules imported from here on is cached on disk (os.tmpdir() unless
  // NODE_COMPILE_CACHE says otherwise); missing on older runtimes, where this is a no-op.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const serialList = options.serial
    ? headStartCall(async () => (await import('../services/serial-watcher.js')).listSystemSerialPorts(), [])
    : undefined;
  const { runHost } = await import('./host-main.js');
  await runHost(options, link, serialList === undefined ? {} : { serialList });
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    // reportToStderr's line, written here: the station module may be what failed to load.
    const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error thrown';
    process.stderr.write(`bootbench: unexpected error in device-host start via host: ${text}\n`);
    process.exit(1);
  },
);
