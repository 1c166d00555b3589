import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, auditToCsv, csvCell } from '../../../src-shared/audit/export.js';
import { buildLog, testSigner } from './audit-fixtures.js';

describe('CSV export', () => {
  it('quotes per RFC 4180 and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-5')).toBe("'-5");
  });

  it('writes a header and one CRLF row per record with every column', () => {
    const { records } = buildLog(3, 10, testSigner());
    const lines = auditToCsv(records).split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(5);
    expect(lines[1]!.startsWith('0,')).toBe(true);
    expect(lines[3]!.endsWith(records[2]!.hash)).toBe(true);
  });
});
