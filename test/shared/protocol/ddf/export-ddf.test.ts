import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exportDdf } from '../../../../src-shared/protocol/ddf/export-ddf.js';
import { importDdf } from '../../../../src-shared/protocol/ddf/import-ddf.js';
import {
  ACCESS_TYPES,
  CASE_SENSES,
  DF_FORMATS,
  PLAIN_OCCURRENCES,
  SCOPES,
  type DdfDocument,
  type DdfNode,
  type DfProperties,
  type ExtensionElement,
  type ExtensionText,
  type Occurrence,
} from '../../../../src-shared/protocol/ddf/model.js';

// Text the model can hold: any XML character, including markup characters, CR, tabs and astral ones.
const xmlText = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\n', '\r', '<', '>', '&', '"', "'", ']]>', 'é', '\u{1F600}', '&amp;', '<!--') });
const token = fc.string({ unit: fc.constantFrom('a', 'b', 'X', '1', '.', '-', '_', ':', '<', '&', '"', '\u00e9'), minLength: 1, maxLength: 8 });
const trimmed = (t: string) => t.trim();
const nodeName = fc.oneof(fc.constant(null), token.map(trimmed).filter((s) => s !== '' && !s.includes('/')), fc.constantFrom('__proto__', 'constructor'));
const ncName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/);

const occurrence: fc.Arbitrary<Occurrence> = fc.oneof(
  fc.constantFrom(...PLAIN_OCCURRENCES).map((kind) => ({ kind })),
  fc.record({ kind: fc.constantFrom('ZeroOrN' as const, 'OneOrN' as const), n: fc.integer({ min: 1, max: 99_999 }) }),
);

function extensionOf(depth: number): fc.Arbitrary<ExtensionElement> {
  return fc
    .record({
      prefix: fc.constantFrom('MSFT', 'v'),
      local: ncName,
      attributes: fc.uniqueArray(fc.record({ name: ncName, value: xmlText }), { selector: (a) => a.name, maxLength: 2 }),
      kind: fc.constantFrom('empty', 'text', 'elements', 'mixed'),
      text: xmlText.filter((t) => t.trim() !== ''),
      kids: depth === 0 ? fc.constant<ExtensionElement[]>([]) : fc.array(extensionOf(depth - 1), { maxLength: 2 }),
    })
    .map(({ prefix, local, attributes, kind, text, kids }) => {
      const namespace = prefix === 'MSFT' ? 'http://schemas.microsoft.com/MobileDevice/DM' : 'urn:vendor:v';
      const children: (ExtensionElement | ExtensionText)[] =
        kind === 'empty' ? [] : kind === 'text' ? [{ text }] : kind === 'elements' ? [...kids] : [{ text }, ...kids.slice(0, 1)];
      return { name: `${prefix}:${local}`, namespace, attributes, children };
    });
}
const extension = extensionOf(2);

const properties: fc.Arbitrary<DfProperties> = fc
  .record(
    {
      accessTypes: fc.uniqueArray(fc.constantFrom(...ACCESS_TYPES)),
      defaultValue: xmlText,
      description: xmlText,
      format: fc.constantFrom(...DF_FORMATS),
      occurrence,
      scope: fc.constantFrom(...SCOPES),
      title: xmlText,
      dfType: fc.oneof(
        fc.record({ mime: fc.array(token.map(trimmed), { minLength: 1, maxLength: 2 }) }),
        fc.record({ mime: fc.constant([]), ddfName: token.map(trimmed) }),
      ),
      caseSense: fc.constantFrom(...CASE_SENSES),
      extensions: fc.array(extension, { maxLength: 2 }),
    },
    { requiredKeys: ['accessTypes', 'format', 'extensions', 'dfType'] },
  );

function nodeOf(depth: number): fc.Arbitrary<DdfNode> {
  return fc
    .record({ name: nodeName, properties, children: depth === 0 ? fc.constant<DdfNode[]>([]) : fc.array(nodeOf(depth - 1), { maxLength: 2 }), value: fc.option(xmlText, { nil: undefined }) })
    .map(({ name, properties: p, children, value }) => ({
      name,
      properties: p,
      children,
      ...(value === undefined || children.length > 0 ? {} : { value }),
    }));
}
const node = nodeOf(3);

const documents: fc.Arbitrary<DdfDocument> = fc.record({
  verDtd: fc.constantFrom('1.2', '1.3'),
  namespaces: fc.constant([{ prefix: 'MSFT', uri: 'http://schemas.microsoft.com/MobileDevice/DM' }]),
  extensions: fc.array(extension, { maxLength: 1 }),
  nodes: fc.array(
    fc.tuple(node, fc.option(token.map(trimmed), { nil: undefined })).map(([n, path]) => (path === undefined ? n : { ...n, path })),
    { minLength: 1, maxLength: 2 },
  ),
});

describe('exportDdf', () => {
  test('property: any model exports to XML that re-imports to the same model', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const result = importDdf(exportDdf(doc));
        if (!result.ok) throw new Error(`${result.error.line}: ${result.error.message}\n${exportDdf(doc)}`);
        expect(result.value.document).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });

  test('writes the OMA DOCTYPE and root namespaces, and can omit the DOCTYPE', () => {
    const doc: DdfDocument = { verDtd: '1.2', namespaces: [{ prefix: 'MSFT', uri: 'urn:m' }], extensions: [], nodes: [{ name: 'A', children: [] }] };
    expect(exportDdf(doc)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE MgmtTree PUBLIC "-\/\/OMA\/\/DTD-DM-DDF 1.2\/\/EN"/);
    expect(exportDdf(doc, { docType: false })).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<MgmtTree xmlns:MSFT="urn:m">\n  <VerDTD>1.2</VerDTD>\n  <Node>\n    <NodeName>A</NodeName>\n  </Node>\n</MgmtTree>\n');
  });

  test('declares a vendor prefix on the element when the root does not bind it', () => {
    const ext: ExtensionElement = { name: 'v:x', namespace: 'urn:v', attributes: [{ name: 'v:a', value: '1', namespace: 'urn:v' }], children: [] };
    const doc: DdfDocument = { verDtd: '1.2', namespaces: [], extensions: [ext], nodes: [{ name: 'A', children: [] }] };
    expect(exportDdf(doc, { docType: false })).toContain('<v:x xmlns:v="urn:v" v:a="1" />');
    expect(importDdf(exportDdf(doc))).toMatchObject({ ok: true, value: { document: doc } });
  });
});
