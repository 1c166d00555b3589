import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src-shared/errors/index.js';
import { ERROR_MESSAGES, messageFor } from '../../../src-renderer/lib/error-messages.js';

describe('error message catalog', () => {
  it('has a title, description and action for every error code, and nothing else', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const m = messageFor(code);
      expect(m.title.length, code).toBeGreaterThan(3);
      expect(m.description.length, code).toBeGreaterThan(10);
      expect(m.action.length, code).toBeGreaterThan(10);
      expect(m.title.endsWith('.'), code).toBe(false);
    }
  });

  it('keeps titles distinct so users can tell errors apart', () => {
    const titles = ERROR_CODES.map((c) => ERROR_MESSAGES[c].title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
