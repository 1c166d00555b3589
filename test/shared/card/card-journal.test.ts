import { describe, expect, it } from 'vitest';
import { nextGeneration, parseJournal, type CardJournal } from '../../../src-shared/card/card-journal.js';

const hash = 'ab'.repeat(32);
const journal = (state: CardJournal['state'], generation: number): CardJournal => ({ cardId: 'iccid:1', state, generation, bodySha256: hash, passes: 1, updatedAtMs: 0 });

describe('card journal', () => {
  it('resumes an unfinished generation for the same body', () => {
    expect(nextGeneration(journal('writing', 5), 4, hash)).toEqual({ generation: 5, passes: 2 });
    expect(nextGeneration(journal('committed', 5), 5, hash)).toEqual({ generation: 5, passes: 2 });
  });

  it('goes above everything seen for new content or after a verified write', () => {
    expect(nextGeneration(undefined, 0, hash)).toEqual({ generation: 1, passes: 1 });
    expect(nextGeneration(journal('verified', 5), 5, hash)).toEqual({ generation: 6, passes: 1 });
    expect(nextGeneration(journal('writing', 3), 7, 'cd'.repeat(32))).toEqual({ generation: 8, passes: 1 });
  });

  it('parses only well-formed records', () => {
    expect(parseJournal(journal('writing', 1))).toEqual(journal('writing', 1));
    expect(parseJournal({ ...journal('writing', 1), bodySha256: 'xyz' })).toBeUndefined();
    expect(parseJournal(null)).toBeUndefined();
  });
});
