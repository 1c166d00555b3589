import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import type { ApduTraceEntry } from '../../src-shared/card/apdu-trace.js';
import { bootstrapBody } from '../../src-shared/card/bootstrap-file.js';
import { runBootstrapJob, type BootstrapJobResult, type CardCode } from '../../src-shared/card/bootstrap-job.js';
import type { LotState } from '../../src-shared/card/brick-guard.js';
import { CardRefusal, CardSession } from '../../src-shared/card/card-session.js';
import { readBootstrapAsDevice, readCardId, type DeviceReadResult } from '../../src-shared/card/dm-bootstrap.js';
import { bytesEqual } from '../../src-shared/util/bytes.js';
import { FileJournalStore } from './journal-store.js';
import { nodeSha256, systemClock } from '../platform/node-ports.js';


/** SHA-256 and the system clock for the card codecs (re-exported: card callers import them from here). */
export { nodeSha256, systemClock };

/** Common options of card operations. */
export interface CardOperationOptions {
  readonly onTrace?: (entry: ApduTraceEntry) => void;
}

function sessionOf(channel: ApduChannel, options: CardOperationOptions): CardSession {
  return new CardSession(channel, { clock: systemClock, ...(options.onTrace === undefined ? {} : { onTrace: options.onTrace }) });
}

/** Options of {@link writeCard}. */
export interface WriteCardOptions extends CardOperationOptions {
  readonly bootstrapJson: string;
  readonly journalDir: string;
  readonly lot: LotState;
  readonly overrideLastTry: boolean;
  readonly code?: CardCode;
}

/** Personalize → write → verify one card, journaled in `journalDir`. */
export async function writeCard(channel: ApduChannel, options: WriteCardOptions): Promise<BootstrapJobResult> {
  const body = bootstrapBody(options.bootstrapJson);
  return runBootstrapJob(sessionOf(channel, options), {
    body,
    sha256: nodeSha256,
    journals: new FileJournalStore(options.journalDir),
    clock: systemClock,
    lot: options.lot,
    guard: { overrideLastTry: options.overrideLastTry },
    ...(options.code === undefined ? {} : { code: options.code }),
  });
}

/** What `card read` reports. */
export interface CardReadReport {
  readonly cardId: string;
  readonly content: DeviceReadResult;
}

/** Reads the bootstrap the way a device does (ODF → DODF → 2.23.43.7.1). */
export async function readCard(channel: ApduChannel, options: CardOperationOptions = {}): Promise<CardReadReport> {
  const session = sessionOf(channel, options);
  const cardId = await readCardId(session).catch((error: unknown) => {
    if (error instanceof CardRefusal) return 'unknown';
    throw error;
  });
  try {
    return { cardId, content: await readBootstrapAsDevice(session, nodeSha256) };
  } catch (error) {
    if (error instanceof CardRefusal) return { cardId, content: { state: 'absent', reason: error.message } };
    throw error;
  }
}

/** What `card verify` reports: whether the card holds exactly the expected bootstrap. */
export interface CardVerifyReport extends CardReadReport {
  readonly matches: boolean;
}

/** Reads as a device and compares with the expected bootstrap JSON byte for byte. */
export async function verifyCard(channel: ApduChannel, bootstrapJson: string, options: CardOperationOptions = {}): Promise<CardVerifyReport> {
  const expected = bootstrapBody(bootstrapJson);
  const report = await readCard(channel, options);
  return { ...report, matches: report.content.state === 'valid' && bytesEqual(report.content.body, expected) };
}
