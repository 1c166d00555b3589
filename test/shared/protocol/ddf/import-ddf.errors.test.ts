import { describe, expect, test } from 'vitest';
import { importDdf } from '../../../../src-shared/protocol/ddf/import-ddf.js';

const props = '<DFProperties><AccessType><Get/></AccessType><DFFormat><chr/></DFFormat></DFProperties>';
const leaf = (name: string, p = props) => `<Node><NodeName>${name}</NodeName>${p}</Node>`;
const tree = (body: string) => `<MgmtTree>\n<VerDTD>1.2</VerDTD>\n${body}\n</MgmtTree>\n`;

/** [case, input, expected line, message fragment] — every refusal is located. */
const REFUSED: readonly (readonly [string, string, number, RegExp])[] = [
  ['empty input', '', 1, /Start tag expected|no root/],
  ['text only', 'hello', 1, /not well-formed/],
  ['unclosed element', tree('<Node>'), 4, /not well-formed/],
  ['mismatched end tag', tree('<Node></Nod>'), 3, /not well-formed/],
  ['two roots', '<MgmtTree><VerDTD>1.2</VerDTD></MgmtTree>\n<MgmtTree/>', 2, /more than one root/],
  ['wrong root', '\n<Foo/>', 2, /root element must be <MgmtTree>/],
  ['CSP manifest wrapper', '<?xml version="1.0"?>\n<identity xmlns="urn:Microsoft.CompPlat/ManifestSchema.v1.00"><cspDefinition/></identity>', 2, /Windows CSP manifest/],
  ['default namespace', '<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD></MgmtTree>', 1, /default xmlns/],
  ['VerDTD missing', tree('').replace('<VerDTD>1.2</VerDTD>', '<Man>x</Man>'), 2, /<VerDTD> must be the first/],
  ['VerDTD malformed', tree(leaf('a')).replace('1.2', 'one'), 2, /version like 1.2/],
  ['no Node', tree(''), 1, /has no <Node>/],
  ['unknown element', tree(`${leaf('a')}\n<Bogus/>`), 4, /unexpected element <Bogus>/],
  ['text in element-only content', tree(`${leaf('a')} stray`), 1, /unexpected text in <MgmtTree>/],
  ['NodeName missing', tree('<Node>\n<Path>./x</Path></Node>'), 4, /<NodeName> must be the first/],
  ['slash in NodeName', tree(leaf('a/b')), 3, /must not contain '\/'/],
  ['Path after DFProperties', tree(`<Node><NodeName>a</NodeName>${props}\n<Path>x</Path></Node>`), 4, /out of order/],
  ['Value and Node', tree(`<Node><NodeName>a</NodeName>${props}<Value>1</Value>\n${leaf('b')}</Node>`), 4, /out of order/],
  ['AccessType not first', tree(leaf('a', '<DFProperties>\n<DFFormat><chr/></DFFormat><AccessType/></DFProperties>')), 4, /<AccessType> must be the first/],
  ['DFFormat missing', tree(leaf('a', '<DFProperties><AccessType/></DFProperties>')), 3, /has no <DFFormat>/],
  ['DFFormat twice', tree(leaf('a', '<DFProperties><AccessType/><DFFormat><chr/></DFFormat>\n<DFFormat><int/></DFFormat></DFProperties>')), 4, /more than once/],
  ['unknown format', tree(leaf('a', '<DFProperties><AccessType/>\n<DFFormat><string/></DFFormat></DFProperties>')), 4, /<string> is not allowed in <DFFormat>/],
  ['two formats', tree(leaf('a', '<DFProperties><AccessType/><DFFormat><chr/>\n<int/></DFFormat></DFProperties>')), 4, /exactly one/],
  ['non-empty marker', tree(leaf('a', '<DFProperties><AccessType><Get>\n<x/></Get></AccessType><DFFormat><chr/></DFFormat></DFProperties>')), 4, /<Get> must be empty/],
  ['unknown access type', tree(leaf('a', '<DFProperties><AccessType>\n<Put/></AccessType><DFFormat><chr/></DFFormat></DFProperties>')), 4, /not an access type/],
  ['ZeroOrN without N', tree(leaf('a', `${props.replace('</DFProperties>', '')}<Occurrence>\n<ZeroOrN>0</ZeroOrN></Occurrence></DFProperties>`)), 4, /positive integer N/],
  ['two DDFNames', tree(leaf('a', `${props.replace('</DFProperties>', '')}<DFType><DDFName>x</DDFName>\n<DDFName>y</DDFName></DFType></DFProperties>`)), 4, /more than one <DDFName>/],
  ['empty DFType', tree(leaf('a', `${props.replace('</DFProperties>', '')}\n<DFType/></DFProperties>`)), 4, /needs <MIME> or <DDFName>/],
  ['attribute on a DDF element', tree('<Node id="1"><NodeName>a</NodeName></Node>'), 3, /unexpected attribute 'id'/],
  ['undeclared prefix', tree(leaf('a', `${props.replace('</DFProperties>', '')}\n<MSFT:X/></DFProperties>`)), 4, /prefix 'MSFT' is not declared/],
  ['vendor element after a Node', `<MgmtTree xmlns:v="urn:v"><VerDTD>1.2</VerDTD>${leaf('a')}\n<v:x/></MgmtTree>`, 2, /must come before the first <Node>/],
  ['undefined entity', tree(leaf('a&nbsp;b')), 3, /undefined or invalid reference/],
  ['reference to NUL', tree(leaf('a&#0;')), 3, /undefined or invalid reference/],
  ['control character', tree(leaf('a\u0001')), 3, /character not allowed/],
  ['entity declaration', `<!DOCTYPE MgmtTree [\n<!ENTITY x "y">]>${tree(leaf('a'))}`, 2, /<!ENTITY/],
  ['external DTD subset only is fine but unterminated DOCTYPE is not', '<!DOCTYPE MgmtTree PUBLIC "a" "b"', 1, /DOCTYPE/],
  ['reserved element name', tree('<constructor/>'), 3, /element name 'constructor' is not allowed/],
  ['DOCTYPE after the root', `${tree(leaf('a'))}<!DOCTYPE MgmtTree [<!ENTITY x "y">]>`, 5, /only in the prolog/],
  ['XML declaration inside an element', tree(leaf('a<?xml version="1.0"?>')), 3, /XML declaration allowed only at the start/],
];

describe('importDdf refusals are typed and line-numbered', () => {
  test.each(REFUSED)('%s', (_name, input, line, message) => {
    const result = importDdf(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(message);
      expect(result.error.line).toBe(line);
    }
  });
});

describe('importDdf accepts what the DTD (and the corpus) allow', () => {
  test('text handling: CDATA, references, CRLF and CR-as-reference, trimmed names, placeholder', () => {
    const input = tree(
      leaf(' ', '<DFProperties><AccessType/><Description>a &amp; b <![CDATA[<c> &amp;]]>\nd&#13;</Description><DFFormat><chr/></DFFormat></DFProperties>'),
    ).replace(/\n/g, '\r\n');
    const result = importDdf(input);
    if (!result.ok) throw new Error(result.error.message);
    const [node] = result.value.document.nodes;
    expect(node!.name).toBeNull();
    expect(node!.properties!.description).toBe('a & b <c> &amp;\nd\r');
  });

  test('an internal subset with PIs and comments, a BOM, comments and PIs around the root', () => {
    const input = `\uFEFF<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE MgmtTree PUBLIC " -//OMA//DTD-DM-DDF 1.2//EN"\n "http://x/y.dtd"\n [\n <?oma-dm-ddf-ver supported-versions="1.2"?>\n <!-- note -->\n]>\n<?pi?>\n${tree(leaf('a'))}<!-- end -->`;
    const result = importDdf(input);
    expect(result).toMatchObject({ ok: true, value: { document: { verDtd: '1.2', nodes: [{ name: 'a' }] } } });
  });

  test('RTProperties are skipped with a warning (ignored by DM 2.0), Man/Mod and Value are kept', () => {
    const input = tree(`<Node><NodeName>a</NodeName>\n<RTProperties><Type><MIME>x</MIME></Type></RTProperties>${props}<Value> 5 </Value></Node>`).replace(
      '<VerDTD>1.2</VerDTD>',
      '<VerDTD>1.2</VerDTD><Man>Acme</Man><Mod>M1</Mod>',
    );
    const result = importDdf(input);
    expect(result).toMatchObject({
      ok: true,
      value: { document: { man: 'Acme', mod: 'M1', nodes: [{ name: 'a', value: ' 5 ' }] }, warnings: [{ line: 4, message: expect.stringMatching(/RTProperties/) }, { line: 4, message: '<DFProperties> has no <DFType>' }] },
    });
  });
});
