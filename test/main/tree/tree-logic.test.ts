import { describe, expect, it } from 'vitest';
import { planEdits } from '../../../src-shared/tree/plan-edits.js';
import { buildTreeIndex, filterTree, visibleRows } from '../../../src-shared/tree/tree-index.js';
import { APN_MOID } from '../../../src-shared/tree/tree-ddf.js';
import { valueProblem } from '../../../src-shared/tree/value-rules.js';
import { compareRows } from '../../../src-shared/tree/compare.js';
import { smallTree, syntheticRows } from '../../renderer/device/tree-fixtures.js';

// The pure parts of the tree feature (src-shared/tree): value rules, change-set planning, the
// inspector's index and the file comparison.
describe('tree logic', () => {
  it.each([
    ['int', '42', true], ['int', '-2147483648', true], ['int', '2147483648', false], ['int', '1.5', false], ['int', '', false],
    ['float', '0.5', true], ['float', '1e-3', true], ['float', 'NaN', false],
    ['bool', 'true', true], ['bool', 'yes', false],
    ['bin', 'AAEC', true], ['bin', 'AAE', false], ['bin', '!!!!', false],
    ['date', '2024-02-29', true], ['date', '2023-02-29', false], ['date', '2024-13-01', false],
    ['time', '08:30:00', true], ['time', '23:59:59.5+01:00', true], ['time', '24:00:00', false], ['time', '8:30', false],
    ['chr', 'line\ttab', true], ['chr', 'bell\u0007', false], ['chr', 'x'.repeat(4097), false],
    ['null', '', true], ['null', 'x', false],
  ] as const)('%s %j valid: %s', (format, text, valid) => {
    expect(valueProblem(format, text) === undefined).toBe(valid);
  });

  it('plans a change set: no-ops dropped, problems per edit, deletes swallow edits inside them', () => {
    const tree = smallTree();
    const ok = planEdits(tree, [
      { kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1420' },
      { kind: 'set', uri: `${APN_MOID}/internet/Password`, value: 's3cret' },
      { kind: 'acl', moid: APN_MOID, miid: 'internet', serverId: 'dm.operator.test', rights: ['Read', 'Write'] },
    ]);
    expect(ok).toEqual({ ok: true, diff: [
      { kind: 'value', uri: `${APN_MOID}/internet/Password`, before: '••••••', after: '••••••', masked: true },
      { kind: 'acl', uri: `${APN_MOID}/internet/#dm.operator.test`, before: 'Read', after: 'Read+Write', masked: false },
    ] });
    const bad = planEdits(tree, [
      { kind: 'set', uri: 'urn:oma:mo:oma-dm-devinfo:1.2/di/Man', value: 'x' },
      { kind: 'set', uri: `${APN_MOID}/internet/Roaming`, value: 'maybe' },
      { kind: 'set', uri: `${APN_MOID}/nosuch/Name`, value: 'x' },
      { kind: 'acl', moid: APN_MOID, miid: 'internet', serverId: 'bootbench-station', rights: [] },
      { kind: 'delete', uri: `${APN_MOID}/internet/` },
      { kind: 'set', uri: `${APN_MOID}/internet/Name`, value: 'y' },
    ]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => `${p.index} ${p.message}`)).toEqual([
      expect.stringMatching(/^0 read-only/),
      '1 must be true or false',
      '2 no such node',
      "3 the station cannot change its own rights",
      '1 inside a node this change set deletes',
      '3 inside a node this change set deletes',
      '5 inside a node this change set deletes',
    ]);
    expect(planEdits(tree, [{ kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1420' }])).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/nothing to apply/) }] });
  });

  it('indexes, expands and filters 100k rows (matches plus ancestors; subtrees on demand)', () => {
    const index = buildTreeIndex(syntheticRows(100_000));
    expect(visibleRows(index, new Set()).length).toBe(index.rows.filter((r) => r.depth === 0).length);
    const first = index.rows.findIndex((r) => r.depth === 0);
    const open = visibleRows(index, new Set([first, first + 1]));
    expect([...open.slice(0, 4)].map((i) => index.rows[i]!.name)).toEqual([index.rows[first]!.name, 'i0', 'Group', 'i1']);
    const f = filterTree(index, 'LEAF7');
    expect(f.matches).toBe(index.rows.filter((r) => r.name === 'Leaf7').length);
    const shown = visibleRows(index, new Set(), f);
    expect(shown.length).toBeGreaterThan(f.matches);
    for (const i of shown) expect(index.rows[i]!.name === 'Leaf7' || index.rows[i]!.kind !== 'leaf').toBe(true);
    const byValue = filterTree(index, 'v99999');
    expect(byValue.matches).toBe(1);
  });

  it('compares a device with a file inside the instances the file names, never secrets', () => {
    const device = smallTree().rows;
    const file = device.map((r) => (r.uri.endsWith('/MTU') ? { ...r, value: '1500' } : r)).filter((r) => !r.uri.endsWith('/Roaming') && !r.uri.startsWith('urn:oma:mo:oma-dm-devinfo'));
    expect(compareRows(device, file)).toEqual([
      { kind: 'changed', uri: `${APN_MOID}/internet/MTU`, device: '1420', file: '1500' },
      { kind: 'device-only', uri: `${APN_MOID}/internet/Roaming`, device: 'true' },
    ]);
  });
});
