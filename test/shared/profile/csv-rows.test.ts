import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../src-shared/audit/export.js';
import { csvTable, parseCsv } from '../../../src-shared/profile/csv-rows.js';

const spec = { file: 'x.csv', keyColumn: 'iccid' as const, columns: ['subscriber', 'pin'] };

describe('CSV variables', () => {
  it('reads rows keyed by ICCID, ignoring spaces/dashes/case in lookups', () => {
    const r = csvTable('\ufefficcid,subscriber,pin\r\n8944 1000 0000 0000 01F,"Doe, Jane",1234\r\n894410000000000002,"Say ""hi""",0000\r\n', spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.size).toBe(2);
    expect(r.table.row('89441000-00000000-01f')).toEqual({ iccid: '8944 1000 0000 0000 01F', subscriber: 'Doe, Jane', pin: '1234' });
    expect(r.table.row('894410000000000002')?.['subscriber']).toBe('Say "hi"');
    expect(r.table.row('1')).toBeUndefined();
  });

  it('reports missing columns, ragged rows, empty and duplicate keys with their lines', () => {
    expect(csvTable('iccid,subscriber\n1,a\n', spec)).toEqual({ ok: false, problems: [{ line: 1, message: 'the header has no "pin" column' }] });
    expect(csvTable('iccid,subscriber,pin\n1,a\n2,b,c\n2,d,e\n,f,g\n', spec)).toEqual({
      ok: false,
      problems: [
        { line: 2, message: '2 fields, the header has 3' },
        { line: 4, message: 'duplicate iccid 2' },
        { line: 5, message: 'empty iccid' },
      ],
    });
    expect(csvTable('', spec)).toMatchObject({ ok: false });
    expect(parseCsv('a,"b\nc')).toEqual({ ok: false, problem: { line: 1, message: 'unterminated quoted field' } });
  });

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ maxLength: 8 }).map((s) => s.replace(/^[=+\-@\t\r]/, 'x'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const nonEmpty = rows.filter((r) => !(r[0] === '' && r[1] === '') && !(r.length === 1));
        const text = nonEmpty.map((r) => r.map(csvCell).join(',')).join('\r\n');
        const parsed = parseCsv(text);
        expect(parsed.ok && parsed.records.map((r) => r.fields)).toEqual(nonEmpty);
      }),
      { numRuns: 300 },
    );
  });
});
