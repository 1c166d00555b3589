/**
 * Card-reader slots of a run (docs/runs.md "Mixed benches"): the card in a reader is identified
 * (ICCID from EF(ICCID), else its ATR), its plan compiled for purpose `card`, and EF(DM_Bootstrap)
 * written through the card service's journalled job (personalize → write → verify), then read back
 * the way a device reads it — the card's first-contact check.
 */
import { createHash } from 'node:crypto';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { bootstrapBody } from '../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../src-shared/card/brick-guard.js';
import type { BootstrapJobReport } from '../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../src-shared/card/card-session.js';
import { readCardId } from '../../src-shared/card/dm-bootstrap.js';
import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/provisioning-error.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { systemClock, verifyCard, writeCard } from '../card/card-service.js';
import type { RunPlan } from './run-types.js';
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
 * resumes the same generation) and reads it back as a device. Card codes are not presented by runs:
 * a profile whose PIN policy is not `none` is refused (use `bootbench card write`).
 */
export async function writeCardRun(channel: ApduChannel, plan: RunPlan, journalDir: string): Promise<CardRunResult> {
  const card = plan.card;
  if (card === undefined) throw new ProvisioningError('INVALID_REQUEST', 'the plan has no card content: the profile needs a smartcard section for card-reader slots');
  if (card.pinPolicy !== 'none') throw new ProvisioningError('INVALID_REQUEST', `runs do not present card codes (smartcard.pin.policy ${card.pinPolicy}): use bootbench card write`);
  const { report } = await writeCard(channel, { bootstrapJson: card.json, journalDir, lot: OPEN_LOT, overrideLastTry: false });
  if (report.status !== 'ok') throw new ProvisioningError(codeOf(report), `the card refused the bootstrap (${report.status}${'message' in report ? `: ${report.message}` : ''})`, { retryable: report.status === 'mismatch' });
  const verify = await verifyCard(channel, card.json);
  if (!verify.matches) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the card read back as a device does not hold the written bootstrap', { retryable: true });
  const bodySha256 = createHash('sha256').update(bootstrapBody(card.json)).digest('hex');
  return { generation: report.generation, written: report.written, bodySha256, checked: ['card-verified', 'card-read-as-device'] };
}
