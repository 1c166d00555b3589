/**
 * Profile-driven cable bootstrap, first half: identify the handset over AT, compile its plan from
 * the station profile (purpose `cable`) and diff it against the tree the device holds — for a
 * device in factory state, its factory image (the cable offers no way to read the tree before
 * the bootstrap). The caller then runs `runCableBootstrap` with `plan.bootstrapSpec`.
 */
import type { PlanDeviceFacts, PlanIssue } from '../../src-shared/plan/plan-types.js';
import { diffAgainstTree, type TreeDiff } from '../../src-shared/plan/tree-diff.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Result } from '../../src-shared/util/result.js';
import type { Storage } from '../storage/open-storage.js';
import { factoryEntries } from './current-tree.js';
import { compileProfilePlan, type CompiledProfilePlan } from './plan-service.js';
import { identifyOverCable, type CableIdentity } from './pre-identify.js';

/** Options of {@link planForCable}. */
export interface CablePlanOptions {
  readonly channel: ByteChannel;
  readonly file: string;
  readonly dataDir: string;
  readonly storage: Storage;
  readonly stationId: string;
  /** Facts the cable cannot tell (USB id) or overrides (model). */
  readonly extraFacts?: PlanDeviceFacts;
  readonly atTimeoutMs?: number;
}

/** The identified device, its plan and the diff (the diff is against the factory image, or absent when the device is past factory state). */
export interface CablePlan {
  readonly identified: CableIdentity;
  readonly compiled: Result<CompiledProfilePlan, readonly PlanIssue[]>;
  readonly diff?: TreeDiff;
}

/** Identifies the handset on `channel` (left open) and compiles its plan. */
export async function planForCable(o: CablePlanOptions): Promise<CablePlan> {
  const identified = await identifyOverCable(o.channel, o.atTimeoutMs);
  const id = identified.identity;
  const device: PlanDeviceFacts = {
    ...(id.imei === undefined ? {} : { imei: id.imei }),
    ...(id.imsi === undefined ? {} : { imsi: id.imsi }),
    ...(id.iccid === undefined ? {} : { iccid: id.iccid }),
    ...(id.model === undefined ? {} : { model: id.model }),
    ...o.extraFacts,
  };
  const compiled = await compileProfilePlan({ file: o.file, device, purpose: 'cable', dataDir: o.dataDir, storage: o.storage, stationId: o.stationId });
  if (!compiled.ok || identified.state !== 'factory' || id.imei === undefined) return { identified, compiled };
  const current = factoryEntries({ imei: id.imei, manufacturer: id.manufacturer ?? 'unknown', model: id.model ?? 'unknown', firmware: id.revision ?? 'unknown' });
  return { identified, compiled, diff: diffAgainstTree(compiled.value.plan, current) };
}
