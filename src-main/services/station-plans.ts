/**
 * Which plan a station run applies (docs/runs.md "Runs from the profile library"): the saved
 * `runProfile` version, approved, compiled per device; without one, the built-in demo description.
 */
import { parseBootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { DEMO_BOOTSTRAP_DESCRIPTION } from '../../src-shared/runs/demo-bootstrap.js';
import { specDigest } from '../bootstrap/cable-bootstrap.js';
import { profilePlanFor } from '../runs/profile-plan.js';
import type { PlanFor } from '../runs/run-types.js';
import type { Storage } from '../storage/open-storage.js';
import type { SettingsService, StoredSettings } from './settings-service.js';

/** Finds a profile library version for runs: its text file and whether a valid approval covers it. */
export type RunProfileSource = (name: string, version: string) => Promise<{ readonly file: string; readonly approved: boolean }>;

/** The saved choice of profile version for runs. */
export type RunProfileRef = NonNullable<StoredSettings['runProfile']>;

/** The demo plan: the built-in description, one version named by its digest. */
export function demoPlanFor(): PlanFor {
  const parsed = parseBootstrapSpec(JSON.stringify(DEMO_BOOTSTRAP_DESCRIPTION));
  if (!parsed.ok) throw parsed.error;
  const plan = { spec: parsed.value, profileVersion: specDigest(parsed.value) };
  return () => plan;
}

/** The file of a chosen version; a typed INVALID_REQUEST when there is no library or no valid approval. */
export async function approvedRunProfile(source: RunProfileSource | undefined, ref: RunProfileRef): Promise<string> {
  if (source === undefined) throw new ProvisioningError('INVALID_REQUEST', 'This station has no profile library to run from');
  const { file, approved } = await source(ref.name, ref.version);
  if (!approved) {
    throw new ProvisioningError('INVALID_REQUEST', `Profile ${ref.name} version ${ref.version.slice(0, 12)} is not approved; only approved versions may be used for runs`, {
      details: { profile: ref.name, version: ref.version },
    });
  }
  return file;
}

/** What {@link stationPlanFor} reads. */
export interface StationPlanOptions {
  readonly settings: SettingsService;
  readonly runProfile: RunProfileSource | undefined;
  readonly dataDir: string | undefined;
  readonly credentialKey: Uint8Array | undefined;
  readonly storage: Storage;
  readonly stationId: string;
}

/**
 * The station's plan per device: the saved `runProfile` compiled for it by {@link profilePlanFor}
 * (its run carries the version's content hash), read at each run so a new choice applies to the
 * next run; without one, the demo description. The approval is checked again at each run.
 */
export function stationPlanFor(o: StationPlanOptions): PlanFor {
  const demo = demoPlanFor();
  return async (device) => {
    const ref = (await o.settings.get()).runProfile;
    if (ref == null) return demo(device);
    const file = await approvedRunProfile(o.runProfile, ref);
    if (o.dataDir === undefined) throw new ProvisioningError('INVALID_REQUEST', 'This station has no data directory, so it has no profile library to run from');
    return profilePlanFor({ file, dataDir: o.dataDir, storage: o.storage, stationId: o.stationId, ...(o.credentialKey === undefined ? {} : { credentialKey: o.credentialKey }) })(device);
  };
}
