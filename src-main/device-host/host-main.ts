import { createStation, inProcessBackend, reportToStderr } from '../station.js';
import type { SerialPortInfo } from '../services/serial-watcher.js';
import { loadNodeUsbBus } from '../transports/usb/node-usb-bus.js';
import { connectHooks } from '../hooks/connect-hooks.js';
import { openHostHooks } from '../hooks/host-hooks.js';
import { deferredUsbBus } from './deferred-usb-bus.js';
import type { HeadStartCall } from './early-first-call.js';
import type { HostOptions } from './host-options.js';
import type { ParentLink } from './host-server.js';
import { serveHost } from './host-server.js';

/** What the boot stage (host-entry.ts) has already started for the station. */
export interface HostHeadStart {
  /** The machine's serial-port listing, already on the way (when serial discovery is on). */
  readonly serialList?: HeadStartCall<readonly SerialPortInfo[]>;
}

/**
 * Runs the station in this process and serves it over the parent link.
 *
 * Says `ready` as soon as the station answers calls (docs/startup.md): sources that are slow to
 * start join right after and announce their devices with `device.attached` — the OS serial-port
 * listing when it has not come by then, and USB, whose driver loads once `ready` is sent.
 */
export async function runHost(options: HostOptions, link: ParentLink, headStart: HostHeadStart = {}): Promise<void> {
  let saidReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (saidReady = resolve));
  const usb = deferredUsbBus(
    ready.then(() => loadNodeUsbBus()),
    (error) => reportToStderr(error, { command: 'usb-bus', via: 'host' }),
  );
  const serialList = headStart.serialList;
  const station = await createStation({
    shell: options.shell,
    serial: options.serial
      ? { extraPaths: options.serialPaths, pollMs: options.pollMs, ...(serialList === undefined ? {} : { list: () => serialList.call() }) }
      : false,
    simulatedDevices: options.simulatedDevices,
    readers: options.readers === false ? false : {},
    discovery: { usb, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }) },
    reportUnexpected: reportToStderr,
  });
  let closed = false;
  const backend = inProcessBackend(station);
  // The host owns the hooks of its station (docs/hooks.md): every shell that runs a device host —
  // the desktop app, `serve` — gets them, and nothing above the host runs them again.
  const hooks = await openHostHooks(options.dataDir, options.hooks ?? {}, (text) => process.stderr.write(text));
  if (hooks !== undefined) connectHooks(backend, hooks);
  serveHost(
    {
      ...backend,
      async close() {
        closed = true;
        await backend.close();
        await usb.close();
        // Hooks still running (detach hooks of the devices the close removed, too) finish or hit
        // their timeout before the host exits.
        await hooks?.drain();
      },
    },
    link,
    {
      onShutdown: () => process.exit(0),
      onBadMessage: () => process.stderr.write('bootbench device host: ignored a malformed message from the parent\n'),
    },
  );
  link.send({ type: 'ready', pid: process.pid });
  saidReady();
  // The first scan went without the OS listing: scan again with it as soon as it comes.
  void serialList?.settled.then(() => {
    if (!closed && serialList.unused()) void station.services.serial?.scan();
  });
}
