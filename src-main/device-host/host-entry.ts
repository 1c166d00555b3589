import { createStation, inProcessBackend, reportToStderr } from '../station.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { hostArgsOf, parseHostOptions, type HostOptions } from './host-options.js';
import { openParentLink } from './parent-link.js';
import { serveHost } from './host-server.js';

/**
 * Process entry of the device host: the child process that owns ports, readers and the engine.
 *
 * Started by the main process (`utilityProcess.fork` under Electron, `child_process.fork` under
 * Node); it runs the station and answers contract calls over the parent link until the parent
 * asks it to shut down or goes away.
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
  const station = await createStation({
    shell: options.shell,
    serial: options.serial ? { extraPaths: options.serialPaths, pollMs: options.pollMs } : false,
    simulatedDevices: options.simulatedDevices,
    ...(options.dataDir === undefined ? {} : { discovery: { dataDir: options.dataDir } }),
    reportUnexpected: reportToStderr,
  });
  serveHost(inProcessBackend(station), link, {
    onShutdown: () => process.exit(0),
    onBadMessage: () => process.stderr.write('bootbench device host: ignored a malformed message from the parent\n'),
  });
  link.send({ type: 'ready', pid: process.pid });
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    reportToStderr(error, { command: 'device-host start', via: 'host' });
    process.exit(1);
  },
);
