/**
 * Card-reader slots of a run (docs/runs.md "Mixed benches"): the card in a reader is identified
 * (ICCID from EF(ICCID), else its ATR), its plan compiled for purpose `card`, and EF(DM_Bootstrap)
 * written through the card service's journalled job (personalize → write → verify), then read back
 * the way a device reads it — the card's first-contact check. A profile with `smartcard.pin`
 * `{ policy: verify, source: csv }` has the card's code (its CSV row's `pin` column) presented
 * first, through the card service's brick guard (docs/runs.md "Card codes in runs").
 */
import { createHash } from 'node:crypto';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { bootstrapBody } from '../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../src-shared/card/brick-guard.js';
import type { BootstrapJobReport, CardCode } from '../../src-shared/card/bootstrap-job.js';
import { CardSession, type RetryCounter } from '../../src-shared/card/card-session.js';
import { readCardId } from '../../src-shared/card/dm-bootstrap.js';
import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/provisioning-error.js';
import type { PlanFacts } from '../../src-shared/plan/plan-types.js';
import type { Profile } from '../../src-shared/profile/profile-schema.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { systemClock, verifyCard, writeCard } from '../card/card-service.js';
import type { CardRunCode, CardRunPlan, RunPlan } from './run-types.js';
import type { SlotIdentity } from './slot-identify.js';

/** The card's identity: `ICCID:<iccid>` when EF(ICCID) reads, else `ATR:<hex>`; facts iccid and atr. */
export async function identifyCard(channel: ApduChannel): Promise<SlotIdentity> {
  const atr = toHex(channel.atr());
  const id = await channel.withExclusive(() => readCardId(new CardSession(channel, { clock: systemClock })));
  const iccid = id.startsWith('iccid:') ? id.slice(6) : undefined;
  return { devId: iccid === undefined ? `ATR:${atr}` : `ICCID:${iccid}`, facts: { atr, ...(iccid === undefined ? {} : { iccid }) } };
}

/** What a card write proved. */
export interface CardRunResult {
  readonly generation: number;
  readonly written: boolean;
  /** SHA-256 (hex) of the EF(DM_Bootstrap) body, for the audit. */
  readonly bodySha256: string;
  readonly checked: readonly string[];
}

/** VERIFY reference of the code a run presents: PIN1 (the profile schema names no other). */
export const RUN_PIN_REF = 0x01;

/** Longest code a VERIFY carries (Lc is one byte). */
const MAX_CODE_BYTES = 255;

/**
 * The card part of a run's plan from the compiled profile. With `smartcard.pin` `{ policy: verify,
 * source: csv }` the card's code is the `pin` column of its CSV row (the row the plan compiler
 * resolved for `{csv:…}` variables, keyed by the card's ICCID); the code stays a string of the CSV
 * table until the run asks for its bytes.
 */
export function cardRunPlanOf(json: string, profile: Profile, facts: PlanFacts): CardRunPlan {
  const pin = profile.smartcard?.pin;
  const base: CardRunPlan = { json, pinPolicy: pin?.policy ?? 'none', pinSource: pin?.source ?? 'operator' };
  if (pin?.policy !== 'verify' || pin.source !== 'csv') return base;
  const csv = profile.variables.csv;
  const key = csv === undefined ? undefined : facts.device[csv.keyColumn];
  const from = csv === undefined ? 'no CSV' : `${csv.file}, ${csv.keyColumn} ${key ?? '(none)'}`;
  const text = facts.variables.csv?.['pin'];
  if (text === undefined || text === '') throw new ProvisioningError('INVALID_REQUEST', `the card's CSV row (${from}) has no pin: smartcard.pin.source csv needs a pin in the card's row; nothing was written`);
  const size = new TextEncoder().encode(text).length;
  if (size > MAX_CODE_BYTES) throw new ProvisioningError('INVALID_REQUEST', `the pin in the card's CSV row (${from}) is ${size} bytes, more than a VERIFY carries (${MAX_CODE_BYTES}); nothing was written`);
  return { ...base, code: { ref: RUN_PIN_REF, from, bytes: () => new TextEncoder().encode(text) } };
}

/** The code a run presents, or none; a policy runs cannot honour is a typed refusal before any APDU. */
function codeToPresent(card: CardRunPlan): CardRunCode | undefined {
  switch (card.pinPolicy) {
    case 'none':
      return undefined;
    case 'change':
      throw new ProvisioningError('INVALID_REQUEST', 'runs do not change card codes (smartcard.pin.policy: change): a run presents the card\'s PIN from the profile\'s CSV with pin.policy: verify and pin.source: csv; change codes with the card issuer\'s tools');
    case 'verify':
      if (card.pinSource !== 'csv') throw new ProvisioningError('INVALID_REQUEST', 'runs take card codes from the profile\'s CSV (smartcard.pin.source: csv, a pin column keyed by ICCID); for operator-entered codes use bootbench card write --pin-file');
      if (card.code === undefined) throw new ProvisioningError('INVALID_REQUEST', 'the plan has no code for this card (smartcard.pin.source: csv): nothing was written');
      return card.code;
    default:
      return assertNever(card.pinPolicy, 'unknown PIN policy');
  }
}

/** The retry counter of `ref`, read without spending a try (a VERIFY without data). */
async function triesOf(channel: ApduChannel, ref: number): Promise<RetryCounter> {
  return channel.withExclusive(() => new CardSession(channel, { clock: systemClock }).retryCounter(ref));
}

function describeCounter(counter: RetryCounter): string {
  switch (counter.kind) {
    case 'tries':
      return counter.left === 1 ? '1 try left' : `${counter.left} tries left`;
    case 'blocked':
      return 'the code is blocked';
    case 'verified':
      return 'the code reads as verified';
    case 'unknown':
      return 'tries left unknown';
    default:
      return assertNever(counter, 'unknown retry counter');
  }
}

/** The run's typed error for a code the card refused or the guard would not present. */
async function codeError(channel: ApduChannel, report: Extract<BootstrapJobReport, { status: 'refused' | 'code-failed' }>, code: CardRunCode): Promise<ProvisioningError> {
  if (report.status === 'refused') {
    const triesLeft = report.reason === 'last-try' ? 1 : report.reason === 'blocked' ? 0 : null;
    const advice = report.reason === 'last-try' ? '; present it under supervision with bootbench card write --pin-file --override-last-try' : '';
    return new ProvisioningError('CARD_PIN_BLOCKED', `the PIN (VERIFY ${hexByte(code.ref)}) was not presented: ${report.message}; no try was spent and nothing was written${advice}`, { details: { reason: report.reason, triesLeft } });
  }
  const counter = await triesOf(channel, code.ref).catch(() => undefined);
  const left = counter === undefined ? 'tries left unknown' : describeCounter(counter);
  const triesLeft = counter?.kind === 'tries' ? counter.left : counter?.kind === 'blocked' ? 0 : null;
  return new ProvisioningError('CARD_PIN_BLOCKED', `the card refused the PIN from ${code.from} (VERIFY ${hexByte(code.ref)}: ${report.outcome}): ${left}; nothing was written — fix the pin in the CSV before retrying`, { details: { outcome: report.outcome, triesLeft } });
}

const hexByte = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

function codeOf(report: Exclude<BootstrapJobReport, { status: 'ok' }>): ErrorCode {
  switch (report.status) {
    case 'rejected':
    case 'mismatch':
      return 'PROTOCOL_VIOLATION';
    case 'refused':
    case 'code-failed':
      return 'CARD_PIN_BLOCKED';
    default:
      return assertNever(report, 'unknown card job report');
  }
}

/**
 * Writes the plan's card content (journalled per card in `journalDir`, so a card pulled mid-write
 * resumes the same generation) and reads it back as a device. With a code (policy `verify`, source
 * `csv`) the card service's brick guard reads the retry counter first without spending a try,
 * refuses with one try left, and presents the code otherwise; its bytes exist only for the write
 * and are zeroed after it. Policy `change` and operator-entered codes are refused (use `bootbench
 * card write --pin-file`).
 */
export async function writeCardRun(channel: ApduChannel, plan: RunPlan, journalDir: string): Promise<CardRunResult> {
  const card = plan.card;
  if (card === undefined) throw new ProvisioningError('INVALID_REQUEST', 'the plan has no card content: the profile needs a smartcard section for card-reader slots');
  const runCode = codeToPresent(card);
  let code: CardCode | undefined;
  try {
    code = runCode === undefined ? undefined : { ref: runCode.ref, value: runCode.bytes() };
    const { report } = await writeCard(channel, { bootstrapJson: card.json, journalDir, lot: OPEN_LOT, overrideLastTry: false, ...(code === undefined ? {} : { code }) });
    if ((report.status === 'refused' || report.status === 'code-failed') && runCode !== undefined) throw await codeError(channel, report, runCode);
    if (report.status !== 'ok') throw new ProvisioningError(codeOf(report), `the card refused the bootstrap (${report.status}${'message' in report ? `: ${report.message}` : ''})`, { retryable: report.status === 'mismatch' });
    const verify = await verifyCard(channel, card.json);
    if (!verify.matches) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the card read back as a device does not hold the written bootstrap', { retryable: true });
    const bodySha256 = createHash('sha256').update(bootstrapBody(card.json)).digest('hex');
    return { generation: report.generation, written: report.written, bodySha256, checked: ['card-verified', 'card-read-as-device'] };
  } finally {
    code?.value.fill(0);
  }
}
