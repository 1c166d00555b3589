import { createHash } from 'node:crypto';
import type { Sha256 } from '../../src-shared/card/bootstrap-file.js';
import type { CardJournal } from '../../src-shared/card/card-journal.js';
import type { JournalStore } from '../../src-shared/card/bootstrap-job.js';
import type { Clock } from '../../src-shared/ports/clock.js';

/** SHA-256 over node:crypto for the card codecs. */
export const sha256: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());

/** In-memory journal store (the station uses per-card files). */
export class MemoryJournals implements JournalStore {
  readonly records = new Map<string, CardJournal>();
  async load(cardId: string): Promise<CardJournal | undefined> {
    return this.records.get(cardId);
  }
  async save(journal: CardJournal): Promise<void> {
    this.records.set(journal.cardId, journal);
  }
}

/** A clock that only moves when told to. */
export const fixedClock: Clock = { nowMs: () => 1_700_000_000_000, monotonicMs: () => 0 };

/** A DM 2.0 bootstrap (MO serialization) of about `targetBytes` bytes, varied by `tag`. */
export function bootstrapJson(tag: string, targetBytes = 600): string {
  const base = [
    {
      ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/',
      MOData: { DMAcc: { ServerID: `srv-${tag}`, Name: 'Bootbench test server', AppAddr: { '1': { Addr: 'https://127.0.0.1:8443/dm', AddrType: 'URI' } } } },
    },
  ];
  const text = JSON.stringify(base);
  const pad = Math.max(0, targetBytes - text.length - 20);
  return JSON.stringify([{ ...base[0], MOData: { DMAcc: { ...base[0]!.MOData.DMAcc, Ext: { Note: 'x'.repeat(pad) } } } }]);
}

/** A bootstrap JSON of exactly `bytes` UTF-8 bytes (ASCII only), for byte-count goals. */
export function bootstrapJsonExact(tag: string, bytes: number): string {
  const first = bootstrapJson(tag, bytes);
  const text = first.replace(/x+/, (xs) => 'x'.repeat(Math.max(1, xs.length + bytes - first.length)));
  if (text.length !== bytes) throw new Error(`cannot make a ${bytes}-byte bootstrap`);
  return text;
}
