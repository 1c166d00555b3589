import type { StationBackend } from '../ipc/backend.js';
import type { UnexpectedErrorReporter } from '../ipc/gate.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { spawnEarly } from '../device-host/early-host.js';
import { hostArgs } from '../device-host/host-options.js';
import type { HostHookSettings } from '../hooks/host-hooks.js';
import { nodeHostSpawner } from '../device-host/node-host-spawner.js';
import { defaultRendererDir } from './package-root.js';
import type { WebStation } from './web-station.js';

/** What the services of a served station are configured with. */
export interface ServedStationServices {
  readonly simulatedDevices: number;
  readonly serialPaths: readonly string[];
  readonly pollMs: number;
  /** PC/SC card readers as slots (`--no-readers` turns them off). @default true */
  readonly readers?: boolean;
  /** Station data directory (slot names); in memory only when absent. */
  readonly dataDir?: string;
  /** Hooks the device host runs for its station (docs/hooks.md); a host shutdown waits `timeoutMs` for them. */
  readonly hostHooks?: HostHookSettings & { readonly timeoutMs: number };
}

/**
 * Makes the backend a served station talks to: the device-host child (default) or the services in
 * this process (`--in-process`).
 */
export type BackendFactory = (services: ServedStationServices) => Promise<StationBackend>;

/**
 * The station's modules (engine, PKI, transports) are imported on use: a web station whose services
 * run in the device host never loads them, which keeps them off its start-up (docs/startup.md).
 */
const loadStation = () => import('../station.js');

/** Reports through the station's stderr reporter (loaded on first use, see {@link loadStation}). */
const reportLater: UnexpectedErrorReporter = (error, context) => {
  void loadStation().then(({ reportToStderr }) => reportToStderr(error, context));
};

/** The services in this process (`--in-process`). */
export const inProcessBackendFactory: BackendFactory = async (s) => {
  const { createStation, inProcessBackend } = await loadStation();
  return inProcessBackend(
    await createStation({
      shell: 'web',
      simulatedDevices: s.simulatedDevices,
      serial: { extraPaths: s.serialPaths, pollMs: s.pollMs },
      readers: s.readers === false ? false : {},
      ...(s.dataDir === undefined ? {} : { discovery: { dataDir: s.dataDir } }),
    }),
  );
};

/**
 * The device-host factory: ports, readers and native addons live in a child process, so a crashing
 * driver never takes the web station down (the child is restarted and pending calls get
 * `DEVICE_DISCONNECTED`).
 */
export const deviceHostBackendFactory: BackendFactory = async (s) => {
  const args = hostArgs({ shell: 'web', simulatedDevices: s.simulatedDevices, serialPaths: s.serialPaths, pollMs: s.pollMs, ...(s.readers === false ? { readers: false } : {}), ...(s.dataDir === undefined ? {} : { dataDir: s.dataDir }), ...(s.hostHooks === undefined ? {} : { hooks: s.hostHooks }) });
  // Spawned before the client's modules (the contract's schemas) load: the host boots meanwhile.
  const spawn = spawnEarly(nodeHostSpawner(), args);
  const { DeviceHostClient } = await import('../device-host/device-host-client.js');
  const client = new DeviceHostClient({
    spawn,
    args,
    ...(s.hostHooks === undefined ? {} : { shutdownTimeoutMs: 3_000 + s.hostHooks.timeoutMs }),
    onHostExit: (report) => reportLater(new Error(`device host exited (${JSON.stringify(report)})`), { command: 'device-host', via: 'host' }),
  });
  // Not awaited: the web station starts listening while the host boots (calls wait for it to be
  // ready), which takes the host's start-up off the time to an interactive Bench.
  // A host that dies on the way up is reported by onHostExit; a close during start is not an error.
  client.start().catch((error: unknown) => {
    if (!(error instanceof ProvisioningError && error.code === 'DEVICE_DISCONNECTED')) reportLater(error, { command: 'device-host start', via: 'host' });
  });
  return client;
};

/** Options of {@link openServedStation}. */
export interface ServedStationOptions extends ServedStationServices {
  readonly host?: string;
  readonly port?: number;
  readonly rendererDir?: string;
  /** @default deviceHostBackendFactory */
  readonly createBackend?: BackendFactory;
}

/** A web station together with the backend it owns. */
export interface ServedStation {
  readonly web: WebStation;
  /** Closes the web station, then the backend. */
  close(): Promise<void>;
}

/** Starts the services and the web station in front of them (what `serve` and `start` run). */
export async function openServedStation(options: ServedStationOptions): Promise<ServedStation> {
  const backend = await (options.createBackend ?? deviceHostBackendFactory)(options);
  let web: WebStation;
  try {
    // Loaded after the backend factory has started the device host (see loadStation).
    const { startWebStation } = await import('./web-station.js');
    web = await startWebStation({
      backend,
      rendererDir: options.rendererDir ?? defaultRendererDir(),
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  return {
    web,
    async close() {
      await web.close();
      await backend.close();
    },
  };
}
