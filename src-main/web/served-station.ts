import { createStation, inProcessBackend } from '../station.js';
import type { StationBackend } from '../ipc/backend.js';
import { defaultRendererDir } from './package-root.js';
import { startWebStation, type WebStation } from './web-station.js';

/** What the services of a served station are configured with. */
export interface ServedStationServices {
  readonly simulatedDevices: number;
  readonly serialPaths: readonly string[];
  readonly pollMs: number;
}

/**
 * Makes the backend a served station talks to.
 *
 * The seam for the device-host child: today the in-process station; a child-process backend
 * with the same interface drops in here.
 */
export type BackendFactory = (services: ServedStationServices) => Promise<StationBackend>;

/** The default factory: services in this process. */
export const inProcessBackendFactory: BackendFactory = async (s) =>
  inProcessBackend(
    await createStation({ shell: 'web', simulatedDevices: s.simulatedDevices, serial: { extraPaths: s.serialPaths, pollMs: s.pollMs } }),
  );

/** Options of {@link openServedStation}. */
export interface ServedStationOptions extends ServedStationServices {
  readonly host?: string;
  readonly port?: number;
  readonly rendererDir?: string;
  /** @default inProcessBackendFactory */
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
  const backend = await (options.createBackend ?? inProcessBackendFactory)(options);
  let web: WebStation;
  try {
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
