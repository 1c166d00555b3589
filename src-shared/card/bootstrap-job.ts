import type { Clock } from '../ports/clock.js';
import { bytesEqual, toHex } from '../util/bytes.js';
import { BOOTSTRAP_HEADER_BYTES, type Sha256 } from './bootstrap-file.js';
import { afterPresentation, decidePresentation, presentationOutcome, type GuardOptions, type GuardRefusal, type LotState, type PresentationOutcome } from './brick-guard.js';
import { nextGeneration, type CardJournal } from './card-journal.js';
import { CardRefusal, type CardSession } from './card-session.js';
import { personalize, readBackBootstrap, readCardId, readCommittedGeneration, writeBootstrap } from './dm-bootstrap.js';
import { checkCode } from './verify-data.js';

/** Where journals live (a per-card file in the station; a map in tests). Writes must be atomic. */
export interface JournalStore {
  load(cardId: string): Promise<CardJournal | undefined>;
  save(journal: CardJournal): Promise<void>;
}

/** A PIN/ADM code to present before writing. Never logged: traces redact VERIFY data. */
export interface CardCode {
  /** VERIFY P2 reference (e.g. 0x01 PIN1, 0x0A ADM1). */
  readonly ref: number;
  /** As the operator gave it: a PIN as its 4–8 ASCII digits (padded with FF on the wire), ADM/keys as the bytes to send. */
  readonly value: Uint8Array;
}

/** Everything one bootstrap job needs. */
export interface BootstrapJobInput {
  readonly body: Uint8Array;
  readonly sha256: Sha256;
  readonly journals: JournalStore;
  readonly clock: Clock;
  readonly lot: LotState;
  readonly guard: GuardOptions;
  readonly code?: CardCode;
  /** EF(DM_Bootstrap) capacity on a blank card; at least header + body. */
  readonly capacityBytes?: number;
}

/** The job's report: a card saying no is a value, not an exception. */
export type BootstrapJobReport =
  | { readonly status: 'ok'; readonly cardId: string; readonly generation: number; readonly passes: number; readonly written: boolean }
  | { readonly status: 'rejected'; readonly cardId: string; readonly step: string; readonly sw: string; readonly message: string }
  | { readonly status: 'refused'; readonly cardId: string; readonly reason: GuardRefusal; readonly message: string }
  | { readonly status: 'code-failed'; readonly cardId: string; readonly outcome: PresentationOutcome }
  | { readonly status: 'mismatch'; readonly cardId: string; readonly detail: string };

/** Report plus the lot state for the next card. */
export interface BootstrapJobResult {
  readonly report: BootstrapJobReport;
  readonly lot: LotState;
}

/** Default EF(DM_Bootstrap) capacity: header + body rounded up to 1 KiB, at least 4 KiB. */
export function defaultCapacity(bodyBytes: number): number {
  return Math.max(4096, Math.ceil((BOOTSTRAP_HEADER_BYTES + bodyBytes) / 1024) * 1024);
}

/**
 * Personalize → (code) → write → verify → report, with the per-card journal.
 *
 * A code its reference cannot take rejects with `INVALID_REQUEST` before any APDU (`checkCode`).
 * Transport failures (card removed, reader gone) reject with the adapter's `ProvisioningError`;
 * the journal then says `writing` and the next run resumes the same generation. `ok` is reported
 * only after the content read back equals the body byte for byte.
 */
export async function runBootstrapJob(session: CardSession, input: BootstrapJobInput): Promise<BootstrapJobResult> {
  // A code the reference cannot take (a PIN that is not 4–8 digits) is refused before any APDU.
  if (input.code !== undefined) checkCode(input.code.ref, input.code.value);
  return session.channel.withExclusive(async () => {
    let cardId = 'unknown';
    try {
      cardId = await readCardId(session);
      return await jobBody(session, input, cardId);
    } catch (error) {
      if (!(error instanceof CardRefusal)) throw error;
      const sw = error.sw.toString(16).toUpperCase().padStart(4, '0');
      return { report: { status: 'rejected', cardId, step: error.step, sw, message: error.message }, lot: input.lot };
    }
  });
}

async function jobBody(session: CardSession, input: BootstrapJobInput, cardId: string): Promise<BootstrapJobResult> {
  let lot = input.lot;
  if (input.code !== undefined) {
    const counter = await session.retryCounter(input.code.ref);
    const decision = decidePresentation(counter, lot, input.guard);
    if (decision.kind === 'refuse') return { report: { status: 'refused', cardId, reason: decision.reason, message: decision.message }, lot };
    if (decision.kind === 'present') {
      const outcome = presentationOutcome(await session.presentCode(input.code.ref, input.code.value));
      lot = afterPresentation(lot, cardId, outcome);
      if (outcome !== 'accepted') return { report: { status: 'code-failed', cardId, outcome }, lot };
    }
  }
  const hash = toHex(input.sha256(input.body));
  await personalize(session, input.capacityBytes ?? defaultCapacity(input.body.length));
  const journal = await input.journals.load(cardId);
  const current = await readBackBootstrap(session, input.sha256, input.body.length);
  const alreadyThere = current.state === 'valid' && bytesEqual(current.body, input.body);
  const cardGeneration = current.state === 'valid' ? current.generation : await readCommittedGeneration(session);
  const plan = alreadyThere ? { generation: current.generation, passes: (journal?.passes ?? 0) + 1 } : nextGeneration(journal, cardGeneration, hash);
  const save = (state: CardJournal['state']) => input.journals.save({ cardId, state, generation: plan.generation, bodySha256: hash, passes: plan.passes, updatedAtMs: input.clock.nowMs() });
  if (!alreadyThere) {
    await save('writing');
    await writeBootstrap(session, input.body, plan.generation, input.sha256);
    await save('committed');
  }
  const readBack = alreadyThere ? current : await readBackBootstrap(session, input.sha256, input.body.length);
  if (readBack.state !== 'valid' || readBack.generation !== plan.generation || !bytesEqual(readBack.body, input.body)) {
    const detail = readBack.state === 'valid' ? `read back generation ${readBack.generation} differs` : readBack.state === 'torn' ? readBack.reason : 'read back blank';
    return { report: { status: 'mismatch', cardId, detail }, lot };
  }
  await save('verified');
  return { report: { status: 'ok', cardId, generation: plan.generation, passes: plan.passes, written: !alreadyThere }, lot };
}
