import type { BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import type { SerializedError } from '../../src-shared/errors/provisioning-error.js';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CableCa } from '../bootstrap/station-key.js';
import type { Storage } from '../storage/open-storage.js';
import type { FirstContactCheck } from './first-contact.js';
import type { BoardProgress } from '../../src-shared/runs/run-board.js';

/** An identified device on a slot, as `planFor` sees it. */
export interface PlannedDevice {
  readonly slot: string;
  readonly devId: string;
  readonly facts: Readonly<Record<string, string>>;
  /** A handset on a line (default) or a card in a reader. */
  readonly kind?: 'handset' | 'card';
}

/** A card in a reader, held for one run (closed by the run). */
export interface CardLine extends ApduChannel {
  close(): void;
}

/** Which slots are card readers, and how to reach their cards. */
export interface CardSlots {
  isCardSlot(slot: string): boolean;
  /** Connects to the card in the slot's reader (exclusive for the write job). */
  open(slot: string): Promise<CardLine>;
}

/** What a card-reader slot writes: EF(DM_Bootstrap) content (holds secrets: never logged). */
export interface CardRunPlan {
  readonly json: string;
  /** The profile's smartcard PIN policy: `none`, or `verify` with the code from the CSV ({@link code}); runs refuse `change`. */
  readonly pinPolicy: 'none' | 'verify' | 'change';
  /** Where the profile takes the code from (`smartcard.pin.source`); runs take it only from the CSV. @default 'operator' */
  readonly pinSource?: 'operator' | 'csv';
  /** Policy `verify`, source `csv`: the card's code (its CSV row's `pin` column), presented through the brick guard. */
  readonly code?: CardRunCode;
}

/**
 * A card code a run presents before writing. The bytes are made on demand (a fresh copy the run
 * zeroes after the write), so the code never travels as a value with the plan: it cannot end up in
 * a journal, audit entry, log or JSON by accident.
 */
export interface CardRunCode {
  /** VERIFY reference (P2): 0x01 (PIN1). */
  readonly ref: number;
  /** Where the code came from, for messages (never the code): e.g. `subscribers.csv, iccid 8944…`. */
  readonly from: string;
  /** A fresh copy of the code's bytes; the caller zeroes it after use. */
  bytes(): Uint8Array;
}

/** What a run applies to one device: a bootstrap description and the profile version it came from. */
export interface RunPlan {
  readonly spec: BootstrapSpec;
  /** Names the profile version; a device is provisioned once per version (the run id includes it). */
  readonly profileVersion: string;
  /** For card-reader slots: the card content. */
  readonly card?: CardRunPlan;
}

/** The seam the plan compiler fills: profile → bootstrap description for one device. */
export type PlanFor = (device: PlannedDevice) => RunPlan | Promise<RunPlan>;

/** How one slot's run ended. */
export type SlotResult =
  | { readonly kind: 'done'; readonly slot: string; readonly devId: string; readonly runId: string; readonly identity: string; readonly resumed: boolean; readonly checked: readonly string[]; readonly durationMs: number }
  /** The device was already done under this profile version: nothing was redone. */
  | { readonly kind: 'already-done'; readonly slot: string; readonly devId: string; readonly runId: string; readonly durationMs: number }
  | { readonly kind: 'failed'; readonly slot: string; readonly devId: string | undefined; readonly runId: string | undefined; readonly error: SerializedError; readonly durationMs: number }
  | { readonly kind: 'cancelled'; readonly slot: string; readonly devId: string | undefined; readonly runId: string | undefined; readonly durationMs: number };

/** One progress event of a slot (sent on every state change and bootstrap step). */
export interface RunProgress extends BoardProgress {
  readonly atMs: number;
}

/** Options of the run manager. */
export interface RunManagerOptions {
  readonly storage: Storage;
  readonly stationId: string;
  /** Opens the station's end of a slot's line (closed by the run). */
  readonly openChannel: (slot: string) => Promise<ByteChannel>;
  readonly planFor: PlanFor;
  /** Directory of the cable bootstrap's per-device journals. */
  readonly journalDir: string;
  /** Station-wide limit of runs at once. @default 4 */
  readonly concurrency?: number;
  readonly audit?: AuditLog;
  /** @default BootstrapComplete observed (`bootstrapCompleteCheck`) */
  readonly firstContact?: FirstContactCheck;
  readonly credentialKey?: Uint8Array;
  /** Card-reader slots (mixed benches): which slots are readers and how to reach their cards. */
  readonly cards?: CardSlots;
  /** The station CA, for `station-key` accounts (certificates issued per device, recorded in its registry). */
  readonly cableCa?: CableCa;
  /** Cable bootstrap timeout per attempt. @default 60_000 */
  readonly bootstrapTimeoutMs?: number;
  readonly clock?: Clock;
  readonly onProgress?: (progress: RunProgress) => void;
}
