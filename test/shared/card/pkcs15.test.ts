import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DM_BOOTSTRAP_OID, encodeDodf, encodeOdf, findDataObjectPath, findDodfPath } from '../../../src-shared/card/pkcs15.js';
import { concatBytes, toHex } from '../../../src-shared/util/bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'pkcs15-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function asn1parse(der: Uint8Array): string {
  const file = join(dir, 'x.der');
  writeFileSync(file, der);
  return execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', file, '-i'], { encoding: 'utf8' });
}

describe('PKCS#15 DM bootstrap directory', () => {
  it('encodes EF(ODF) as dataObjects [7] { path }', () => {
    expect(toHex(encodeOdf([0x3f00, 0x5015, 0x5207]))).toBe('a70a3008040' + '63f0050155207');
    expect(asn1parse(encodeOdf([0x3f00, 0x5015, 0x5207]))).toMatch(/cont \[ 7 \][\s\S]*SEQUENCE[\s\S]*OCTET STRING\s+\[HEX DUMP\]:3F0050155207/);
  });

  it('encodes EF(DODF) as an oidDO with 2.23.43.7.1 and a path, readable by openssl', () => {
    const dodf = encodeDodf([0x3f00, 0x5015, 0x5208]);
    const dump = asn1parse(dodf);
    expect(dump).toContain('cont [ 1 ]');
    expect(dump).toContain(':2.23.43.7.1');
    expect(dump).toContain('UTF8STRING        :DM Bootstrap');
    expect(dump).toMatch(/OCTET STRING\s+\[HEX DUMP\]:3F0050155208/);
  });

  it('finds the paths back, skipping padding and foreign entries', () => {
    const foreign = Uint8Array.of(0xa0, 0x06, 0x30, 0x04, 0x04, 0x02, 0x44, 0x00);
    const odf = concatBytes([foreign, encodeOdf([0x3f00, 0x5015, 0x5207]), new Uint8Array(20)]);
    expect(findDodfPath(odf)).toEqual({ ok: true, value: [0x3f00, 0x5015, 0x5207] });
    const otherOid = encodeDodf([0x3f00, 0x4401]).slice();
    const dodf = concatBytes([otherOid, encodeDodf([0x3f00, 0x5015, 0x5208]), Uint8Array.of(0xff, 0xff)]);
    expect(findDataObjectPath(dodf)).toEqual({ ok: true, value: [0x3f00, 0x4401] });
    expect(findDataObjectPath(dodf, '1.2.3')).toEqual({ ok: false, error: 'DODF has no data object with OID 1.2.3' });
    expect(findDodfPath(new Uint8Array(16))).toEqual({ ok: false, error: 'ODF has no dataObjects entry' });
    expect(DM_BOOTSTRAP_OID).toBe('2.23.43.7.1');
  });

  it('never throws on fuzzed or mutated DER', () => {
    const valid = [encodeOdf([0x3f00, 0x5015, 0x5207]), encodeDodf([0x3f00, 0x5015, 0x5208])];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        void findDodfPath(bytes);
        void findDataObjectPath(bytes);
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, at, value) => {
        const bytes = valid[which]!.slice();
        bytes[at % bytes.length] = value;
        void findDodfPath(bytes);
        void findDataObjectPath(bytes);
        void findDataObjectPath(bytes.subarray(0, at % bytes.length));
      }),
      { numRuns: 10_000 },
    );
  });
});
