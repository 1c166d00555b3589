import { createStation, inProcessBackend, reportToStderr } from '../station.js';
import type { SerialPortLister } from '../services/serial-watcher.js';
import type { HostOptions } from './host-options.js';
import type { ParentLink } from './host-server.js';
import { serveHost } from './host-server.js';

/** What the boot stage (host-entry.ts) has already started for the station. */
export interface HostHeadStart {
  /** Serial-port lister whose first answer is already on the way. */
  readonly serialList?: SerialPortLister;
}

/**
 * Runs the station in this process and serves it over the parent link; says `ready` once the
 * station answers calls.
 */
export async function runHost(options: HostOptions, link: ParentLink, headStart: HostHeadStart = {}): Promise<void> {
  const station = await createStation({
    shell: options.shell,
    serial: options.serial
      ? { extraPaths: options.serialPaths, pollMs: options.pollMs, ...(headStart.serialList === undefined ? {} : { list: headStart.serialList }) }
      : false,
    simulatedDevices: options.simulatedDevices,
    ...(options.dataDir === undefined ? {} : { discovery: { dataDir: options.dataDir } }),
    reportUnexpected: reportToStderr,
  });
  serveHost(inProcessBackend(station), link, {
    onShutdown: () => process.exit(0),
    onBadMessage: () => process.stderr.write('bootbench device host: ignored a malformed message from the parent\n'),
  });
  link.send({ type: 'ready', pid: process.pid });
}
