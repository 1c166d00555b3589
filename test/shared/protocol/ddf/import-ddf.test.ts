import { describe, expect, test } from 'vitest';
import { exportDdf } from '../../../../src-shared/protocol/ddf/export-ddf.js';
import { importDdf, importDdfOrThrow } from '../../../../src-shared/protocol/ddf/import-ddf.js';
import { listNodes, moidOf } from '../../../../src-shared/protocol/ddf/ddf-paths.js';
import { ProvisioningError } from '../../../../src-shared/errors/provisioning-error.js';
import { corpusFiles } from './corpus.js';

const corpus = corpusFiles();

describe('importDdf over the real corpus', () => {
  test('the corpus is there (83 bare DDFs)', () => {
    expect(corpus.length).toBe(83);
  });

  test.each(corpus.map((f) => [f.name, f] as const))('%s imports, and its node count matches the XML', (_name, file) => {
    const result = importDdf(file.text);
    if (!result.ok) throw new Error(`${file.name}:${result.error.line}: ${result.error.message}`);
    const nodeElements = file.text.match(/<Node>/g)?.length ?? 0;
    expect(listNodes(result.value.document)).toHaveLength(nodeElements);
  });

  test.each(corpus.map((f) => [f.name, f] as const))('%s round-trips: export then import gives the same model', (_name, file) => {
    const first = importDdfOrThrow(file.text).document;
    const again = importDdfOrThrow(exportDdf(first)).document;
    expect(again).toEqual(first);
  });

  test('the malformed file is rejected with its line number', () => {
    const [bad] = corpusFiles('malformed');
    const result = importDdf(bad!.text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.line).toBe(2);
      expect(result.error.message).toMatch(/XML declaration/);
    }
  });

  test('the CSP-manifest wrapped file is refused with a clear message, not a crash', () => {
    const [wrapped] = corpusFiles('wrapped');
    const result = importDdf(wrapped!.text);
    expect(result).toMatchObject({ ok: false, error: { line: 2, message: expect.stringMatching(/Windows CSP manifest.*extract its <MgmtTree>/) } });
  });

  test('Microsoft vendor elements are preserved with their namespace', () => {
    const file = corpus.find((f) => f.name === 'accountmanagement-ddf.xml')!;
    const doc = importDdfOrThrow(file.text).document;
    expect(doc.namespaces).toEqual([{ prefix: 'MSFT', uri: 'http://schemas.microsoft.com/MobileDevice/DM' }]);
    const withExt = listNodes(doc).flatMap((n) => n.node.properties?.extensions ?? []);
    const anyCorpusExt = corpus.flatMap((f) => listNodes(importDdfOrThrow(f.text).document).flatMap((n) => n.node.properties?.extensions ?? []));
    expect(anyCorpusExt.some((e) => e.name === 'MSFT:Applicability' && e.namespace === 'http://schemas.microsoft.com/MobileDevice/DM')).toBe(true);
    expect(withExt.every((e) => e.namespace === 'http://schemas.microsoft.com/MobileDevice/DM')).toBe(true);
  });

  test('ZeroOrN carries its N, unnamed nodes are placeholders, DDFName gives the MOID', () => {
    const email = importDdfOrThrow(corpus.find((f) => f.name === 'email2-ddf-file.xml')!.text).document;
    expect(listNodes(email).some((n) => n.node.properties?.occurrence?.kind === 'ZeroOrN' && 'n' in n.node.properties.occurrence)).toBe(true);
    expect(listNodes(email).some((n) => n.node.name === null && n.uri.endsWith('/<x>'))).toBe(true);
    const dmacc = importDdfOrThrow(corpus.find((f) => f.name === 'dmacc-ddf-file.xml')!.text).document;
    expect(moidOf(dmacc) ?? '').toMatch(/dmacc|^$/i);
  });

  test('published deviations from the DTD become warnings, not failures', () => {
    const registry = importDdfOrThrow(corpus.find((f) => f.name === 'registry-ddf-file.xml')!.text);
    expect(registry.warnings.some((w) => /no <DFType>/.test(w.message) && typeof w.line === 'number')).toBe(true);
    const cci = importDdfOrThrow(corpus.find((f) => f.name === 'clientcertificateinstall-ddf-file.xml')!.text);
    expect(cci.warnings.some((w) => /more than once; the entries were merged/.test(w.message))).toBe(true);
  });

  test('importDdfOrThrow raises a typed INVALID_REQUEST with the line in details', () => {
    let caught: unknown;
    try {
      importDdfOrThrow('<MgmtTree>\n<VerDTD>1.2</VerDTD>\n<Bogus/>\n</MgmtTree>');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProvisioningError);
    expect((caught as ProvisioningError).code).toBe('INVALID_REQUEST');
    expect((caught as ProvisioningError).details).toMatchObject({ line: 3 });
  });
});
