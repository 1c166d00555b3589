import { describe, expect, test } from 'vitest';
import { importDdfOrThrow } from '../../../../src-shared/protocol/ddf/import-ddf.js';
import { DdfDocumentSchema } from '../../../../src-shared/protocol/ddf/model.schema.js';
import { STANDARD_DDFS } from '../../../../src-shared/protocol/mo/standard-ddfs.js';
import { corpusFiles } from './corpus.js';

describe('DdfDocumentSchema', () => {
  test('every corpus and standard model survives JSON and parses back to itself', () => {
    const docs = [...corpusFiles().map((f) => importDdfOrThrow(f.text).document), ...STANDARD_DDFS.map((s) => s.document)];
    for (const doc of docs) {
      const parsed = DdfDocumentSchema.safeParse(JSON.parse(JSON.stringify(doc)));
      if (!parsed.success) throw new Error(parsed.error.message);
      expect(parsed.data).toEqual(doc);
    }
  });

  test('refuses shapes the importer never produces', () => {
    const base = { verDtd: '1.2', namespaces: [], extensions: [], nodes: [{ name: 'a', children: [] }] };
    expect(DdfDocumentSchema.safeParse(base).success).toBe(true);
    const bad: unknown[] = [
      { ...base, nodes: [] },
      { ...base, verDtd: 'x' },
      { ...base, nodes: [{ name: 'a/b', children: [] }] },
      { ...base, nodes: [{ name: ' a', children: [] }] },
      { ...base, nodes: [{ name: 'a', children: [], properties: { accessTypes: ['Get'], format: 'string', extensions: [] } }] },
      { ...base, nodes: [{ name: 'a', children: [], properties: { accessTypes: [], format: 'chr', extensions: [], occurrence: { kind: 'ZeroOrN', n: 0 } } }] },
      JSON.parse('{"verDtd":"1.2","namespaces":[],"extensions":[],"nodes":[{"name":"a","children":[]}],"__proto__":{"polluted":true}}'),
    ];
    for (const input of bad) expect(DdfDocumentSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
