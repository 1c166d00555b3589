import { z } from 'zod';

/**
 * Per-card write journal (tearing recovery).
 *
 * States: `writing` (generation G of body with hash H is being written; the card may hold any mix)
 * → `committed` (header of G written) → `verified` (read back and compared). A job that finds
 * `writing`/`committed` for the same body resumes with the same generation; every step is
 * idempotent, so a torn job converges in one extra pass.
 */
export const CardJournal = z.object({
  cardId: z.string().min(1).max(128),
  state: z.enum(['writing', 'committed', 'verified']),
  generation: z.number().int().min(1).max(0xffffffff),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  passes: z.number().int().min(1),
  updatedAtMs: z.number(),
});

/** A parsed journal record. */
export type CardJournal = z.output<typeof CardJournal>;

/**
 * Chooses the generation to write.
 *
 * Resume the journal's generation when it is unfinished for the same body; otherwise one above
 * everything seen (the card's committed header and the journal), so a reader can always tell the
 * new content from the old.
 */
export function nextGeneration(journal: CardJournal | undefined, cardGeneration: number, bodySha256: string): { generation: number; passes: number } {
  if (journal !== undefined && journal.bodySha256 === bodySha256 && journal.state !== 'verified') {
    return { generation: journal.generation, passes: journal.passes + 1 };
  }
  return { generation: Math.max(cardGeneration, journal?.generation ?? 0) + 1, passes: 1 };
}

/** Parses a stored journal; undefined when the record is missing or not a journal. */
export function parseJournal(value: unknown): CardJournal | undefined {
  const parsed = CardJournal.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
