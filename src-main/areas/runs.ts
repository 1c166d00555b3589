import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { runsCommands } from '../../src-shared/ipc/areas/runs.js';
import type { CableCa } from '../bootstrap/station-key.js';
import { RunsService } from '../services/runs-service.js';
import type { Storage } from '../storage/open-storage.js';
import type { AreaContext, StationArea } from './area.js';
import type { ProfilesApi } from './profiles.js';

/** What the runs area offers the other areas: the station's runs. */
export interface RunsApi {
  readonly runs: RunsService;
}

/**
 * The station storage for runs: PostgreSQL when the saved setting (else $BOOTBENCH_DATABASE_URL)
 * names one, else SQLite in the data dir; an in-memory SQLite database without a data dir. The
 * storage modules load on the first run.
 */
function stationRunsStorage(ctx: AreaContext): () => Promise<Storage> {
  return async () => {
    const { openStorage } = await import('../storage/open-storage.js');
    if (ctx.dataDir === undefined) return openStorage({ kind: 'sqlite', file: ':memory:' });
    const { stationStorageOptions } = await import('../storage/station-storage.js');
    const saved = (await ctx.services.settings.get()).storage;
    return openStorage(saved.kind === 'postgres' ? { kind: 'postgres', connectionString: saved.connectionString } : await stationStorageOptions(ctx.dataDir));
  };
}

/** Where the station's credential key comes from: the environment of the station process (hex, ≥ 32 bytes). */
export const CREDENTIAL_KEY_ENV = 'BOOTBENCH_CREDENTIAL_KEY';

/**
 * The station credential key (from {@link CREDENTIAL_KEY_ENV}; a malformed one is refused at start,
 * never half-used) and the station CA for certificate accounts: its signer is asked for when a
 * device needs a certificate, so a locked CA fails that run with AUTH_FAILED ("unlock the CA").
 */
function stationSecrets(ctx: AreaContext): { credentialKey?: Uint8Array; cableCa?: () => Promise<CableCa | undefined> } {
  const hex = process.env[CREDENTIAL_KEY_ENV];
  if (hex !== undefined && hex !== '' && !/^([0-9a-fA-F]{2}){32,}$/.test(hex)) {
    throw new ProvisioningError('INVALID_REQUEST', `${CREDENTIAL_KEY_ENV} must hold at least 32 bytes as hex`);
  }
  const credentialKey = hex === undefined || hex === '' ? undefined : new Uint8Array(Buffer.from(hex, 'hex'));
  const dataDir = ctx.dataDir;
  const cableCa = dataDir === undefined ? undefined : async (): Promise<CableCa> => {
    const [{ CaStore }, { StationCa }] = await Promise.all([import('../pki/ca-store.js'), import('../pki/station-ca.js')]);
    return { ca: new StationCa(await CaStore.open(dataDir), ctx.clock), signer: async () => (await ctx.services.certificates.unlockedCa()).signer };
  };
  return { ...(credentialKey === undefined ? {} : { credentialKey }), ...(cableCa === undefined ? {} : { cableCa }) };
}

/** Opens the runs area of the station; with the profiles area's api, runs compile the chosen library version (settings `runProfile`). */
export async function openRunsArea(ctx: AreaContext, deps: { readonly profiles?: ProfilesApi } = {}): Promise<StationArea<typeof runsCommands, RunsApi>> {
  const s = ctx.services;
  const runs = await RunsService.open({
    bus: s.bus,
    registry: s.registry,
    settings: s.settings,
    dataDir: ctx.dataDir,
    clock: ctx.clock,
    openLine: (deviceId, signal) => ctx.openLine(deviceId, signal),
    trace: ctx.trace,
    openStorage: stationRunsStorage(ctx),
    ...(deps.profiles === undefined ? {} : { runProfile: deps.profiles.versionForRuns }),
    ...stationSecrets(ctx),
  });
  return {
    handlers: {
      'runs.start': async (input) => runs.start(input),
      'runs.cancel': async ({ deviceId }) => ({ cancelled: await runs.cancel(deviceId) }),
      'runs.retryFailed': async () => runs.retryFailed(),
      'runs.list': async () => runs.list(),
    },
    api: { runs },
    close: () => runs.close(),
  };
}
