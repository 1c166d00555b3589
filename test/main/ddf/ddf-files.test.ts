import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { standardDdfDir } from '../../../src-main/ddf/asset-paths.js';
import { checkDdfFiles } from '../../../src-main/ddf/ddf-files.js';
import { exportDdf } from '../../../src-shared/protocol/ddf/export-ddf.js';
import { moidOf } from '../../../src-shared/protocol/ddf/ddf-paths.js';
import { STANDARD_DDFS } from '../../../src-shared/protocol/mo/standard-ddfs.js';

describe('standard MO assets (assets/ddf)', () => {
  const dir = standardDdfDir();

  test('exactly the shipped descriptions are there, byte-identical to their models (regenerate: bootbench ddf standard --out assets/ddf)', () => {
    expect(readdirSync(dir).sort()).toEqual(STANDARD_DDFS.map((s) => s.fileName).sort());
    for (const s of STANDARD_DDFS) expect(readFileSync(join(dir, s.fileName), 'utf8'), s.fileName).toBe(exportDdf(s.document));
  });

  test('each validates against the XSD and imports with its MOID and without warnings', async () => {
    const reports = await checkDdfFiles(STANDARD_DDFS.map((s) => join(dir, s.fileName)));
    STANDARD_DDFS.forEach((s, i) => {
      const r = reports[i]!;
      expect(r.status, JSON.stringify(r)).toBe('valid');
      if (r.status === 'valid') {
        expect(moidOf(r.imported.document)).toBe(s.moid);
        expect(r.imported.warnings).toEqual([]);
        expect(r.imported.document).toEqual(s.document);
      }
    });
  });
});

describe('checkDdfFiles edge cases', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bootbench-ddf-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('missing, directory, non-UTF-8 and XSD-valid-but-semantically-bad files are reported, not thrown', async () => {
    const latin1 = join(tmp, 'latin1.xml');
    writeFileSync(latin1, Uint8Array.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]));
    const slash = join(tmp, 'slash.xml');
    writeFileSync(
      slash,
      '<MgmtTree><VerDTD>1.2</VerDTD>\n<Node><NodeName>a/b</NodeName><DFProperties><AccessType/><DFFormat><chr/></DFFormat></DFProperties></Node></MgmtTree>',
    );
    const [missing, directory, notUtf8, semantic] = await checkDdfFiles([join(tmp, 'nope.xml'), tmp, latin1, slash]);
    expect(missing).toMatchObject({ status: 'missing', issues: [{ check: 'read', message: 'no such file' }] });
    expect(directory).toMatchObject({ status: 'invalid', issues: [{ check: 'read', message: 'not a regular file' }] });
    expect(notUtf8).toMatchObject({ status: 'invalid', issues: [{ check: 'read', message: 'not valid UTF-8' }] });
    expect(semantic).toMatchObject({ status: 'invalid', issues: [{ check: 'import', line: 2, message: expect.stringMatching(/must not contain '\/'/) }] });
  });
});
