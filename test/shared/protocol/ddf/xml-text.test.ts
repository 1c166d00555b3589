import { describe, expect, test } from 'vitest';
import { LineIndex, decodeReferences, escapeAttribute, escapeText, findIllegalChar } from '../../../../src-shared/protocol/ddf/xml-text.js';

describe('xml text helpers', () => {
  test('LineIndex maps offsets to 1-based lines', () => {
    const lines = new LineIndex('a\nbc\n\nd');
    expect([0, 1, 2, 4, 5, 6, 99].map((o) => lines.lineOf(o))).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });

  test('decodes predefined and character references, refuses the rest', () => {
    expect(decodeReferences('&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;')).toEqual({ text: `<>&"'A\u{1F600}` });
    for (const bad of ['&nbsp;', '&#0;', '&#xD800;', '&#x110000;', '&amp', '&;', '&__proto__;', '&constructor;']) {
      expect(decodeReferences(bad), bad).toHaveProperty('error');
    }
  });

  test('finds characters XML forbids, including lone surrogates', () => {
    expect(findIllegalChar('ok\t\n\r\u{1F600}')).toBe(-1);
    expect(findIllegalChar('ab\u0000')).toBe(2);
    expect(findIllegalChar('a\uDC00')).toBe(1);
    expect(findIllegalChar('\uD800x')).toBe(0);
    expect(findIllegalChar('\uFFFE')).toBe(0);
  });

  test('escaping survives decoding, including CR, tabs and newlines in attributes', () => {
    const text = 'a<b>&c\r\n"\'\t';
    const decodedText = decodeReferences(escapeText(text));
    expect(decodedText).toEqual({ text });
    expect(escapeAttribute(text)).not.toMatch(/[<"\t\n\r]/);
    expect(decodeReferences(escapeAttribute(text))).toEqual({ text });
  });
});
