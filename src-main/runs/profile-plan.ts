/**
 * The run manager's `planFor` from a station profile (docs/runs.md "Runs from a profile"): each
 * identified device's facts (IMEI, IMSI, ICCID, model) go through the plan compiler (purpose
 * `cable`; per-device variables: the serial from storage's per-device identity record, counters,
 * the CSV row), and the run applies the compiled bootstrap description under the profile
 * version's content hash. Shared by `bootbench run` and the station service.
 */
import { parseBootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { PlanDeviceFacts } from '../../src-shared/plan/plan-types.js';
import { fromHex } from '../../src-shared/util/bytes.js';
import { specDigest } from '../bootstrap/cable-bootstrap.js';
import { compileProfilePlan, isStationProfileText, planIssuesError } from '../plan/plan-service.js';
import { formatIssue, loadProfileFile } from '../profile/profile-file.js';
import type { Storage } from '../storage/open-storage.js';
import { cardRunPlanOf } from './card-run.js';
import type { PlanFor, PlannedDevice, RunPlan } from './run-types.js';

/** Options of {@link profilePlanFor}. */
export interface ProfilePlanForOptions {
  /** The station profile file (YAML or JSON, `schema: bootbench.profile/v1`). */
  readonly file: string;
  /** Station data directory (the CA store for `ref: station-ca` anchors). */
  readonly dataDir: string;
  readonly storage: Storage;
  readonly stationId: string;
  /** Station credential key (card PSKs); never stored. */
  readonly credentialKey?: Uint8Array;
  /** Facts the line cannot tell (a USB id), merged into every device's facts. */
  readonly extraFacts?: PlanDeviceFacts;
}

/** Plan-compiler facts of an identified device (the string facts `identifySlot` reads). */
export function plannedDeviceFacts(device: PlannedDevice, extra: PlanDeviceFacts = {}): PlanDeviceFacts {
  const f = device.facts;
  const atr = f['atr'] === undefined ? undefined : fromHex(f['atr']);
  return {
    ...(atr === undefined ? {} : { atr }),
    ...(f['imei'] === undefined ? {} : { imei: f['imei'] }),
    ...(f['imsi'] === undefined ? {} : { imsi: f['imsi'] }),
    ...(f['iccid'] === undefined ? {} : { iccid: f['iccid'] }),
    ...(f['model'] === undefined ? {} : { model: f['model'] }),
    ...extra,
  };
}

/**
 * A `planFor` compiling `file` for each device: purpose `cable` for handsets, `card` for cards in
 * reader slots (the profile's smartcard section; the run writes its EF(DM_Bootstrap) content, after
 * presenting the card's PIN from its CSV row when `smartcard.pin` says `verify` from `csv`). A
 * device the profile does not fit (target, CSV row, a policy the flow cannot honour) fails its
 * run with one INVALID_REQUEST listing the plan issues; nothing is written to it.
 */
export function profilePlanFor(o: ProfilePlanForOptions): PlanFor {
  return async (device): Promise<RunPlan> => {
    const purpose = device.kind === 'card' ? 'card' : 'cable';
    const compiled = await compileProfilePlan({
      file: o.file,
      device: plannedDeviceFacts(device, purpose === 'card' ? {} : o.extraFacts),
      purpose,
      dataDir: o.dataDir,
      storage: o.storage,
      stationId: o.stationId,
      ...(o.credentialKey === undefined ? {} : { credentialKey: o.credentialKey }),
    });
    if (!compiled.ok) throw planIssuesError(o.file, compiled.error);
    const { plan, profile, hash, facts } = compiled.value;
    const card = plan.cardContent === undefined || purpose !== 'card' ? {} : { card: cardRunPlanOf(plan.cardContent.json, profile, facts) };
    return { spec: plan.bootstrapSpec, profileVersion: hash, ...card };
  };
}

/**
 * A `planFor` from a file's text: a station profile goes through {@link profilePlanFor}; anything
 * else must be a bootstrap description (docs/cable-bootstrap.md §3), applied as is under its digest.
 * A malformed profile or description is a typed INVALID_REQUEST at once, before any device is touched.
 */
export async function planForFile(text: string, o: ProfilePlanForOptions): Promise<PlanFor> {
  if (isStationProfileText(text)) {
    const loaded = await loadProfileFile(o.file);
    if (!loaded.ok) throw new ProvisioningError('INVALID_REQUEST', `${loaded.source} is not a valid profile:\n${loaded.issues.map((i) => `  ${formatIssue(loaded.source, i)}`).join('\n')}`);
    return profilePlanFor(o);
  }
  const parsed = parseBootstrapSpec(text);
  if (!parsed.ok) throw parsed.error;
  const spec = parsed.value;
  const plan: RunPlan = { spec, profileVersion: specDigest(spec) };
  return () => plan;
}
