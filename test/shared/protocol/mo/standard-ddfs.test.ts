import { describe, expect, test } from 'vitest';
import { exportDdf } from '../../../../src-shared/protocol/ddf/export-ddf.js';
import { importDdf } from '../../../../src-shared/protocol/ddf/import-ddf.js';
import { listNodes, moidOf } from '../../../../src-shared/protocol/ddf/ddf-paths.js';
import { MOIDS_WITH_DDF } from '../../../../src-shared/protocol/mo/moids.js';
import { STANDARD_DDFS, standardDdf } from '../../../../src-shared/protocol/mo/standard-ddfs.js';
import { formatAt, formatHookFromDdfs } from '../../../../src-shared/protocol/mo/format-hook.js';
import { dacmoView, DACMO_ROOT_NAME } from '../../../../src-shared/protocol/dm/dacmo.js';
import { createInstance, emptyTree, makeInterior } from '../../../../src-shared/protocol/dm/tree/tree.js';
import type { TreeNode } from '../../../../src-shared/protocol/dm/tree/types.js';

describe('standard MO descriptions', () => {
  test('one per standard MOID, each naming its MOID as the root DDFName', () => {
    expect(STANDARD_DDFS.map((s) => s.moid)).toEqual([...MOIDS_WITH_DDF]);
    for (const s of STANDARD_DDFS) expect(moidOf(s.document)).toBe(s.moid);
  });

  test.each(STANDARD_DDFS.map((s) => [s.fileName, s] as const))('%s exports and re-imports unchanged, without warnings', (_f, s) => {
    const result = importDdf(exportDdf(s.document));
    expect(result).toEqual({ ok: true, value: { document: s.document, warnings: [] } });
  });

  test('the DMAcc table matches digest §11.1, secrets are never readable', () => {
    const uris = listNodes(standardDdf('urn:oma:mo:oma-dm-dmacc:1.2')!.document).map((n) => n.uri);
    for (const path of ['DMAcc/SrvID', 'DMAcc/SrvURI', 'DMAcc/Name', 'DMAcc/Perm/<x>/MOID', 'DMAcc/Auth/Bootstrap/ClientSecretKey', 'DMAcc/Auth/Noti/Type', 'DMAcc/Auth/Trsp/Secret', 'DMAcc/Push/GCM/RegParams', 'DMAcc/Push/Ext', 'DMAcc/Ext']) {
      expect(uris).toContain(path);
    }
    const secrets = listNodes(standardDdf('urn:oma:mo:oma-dm-dmacc:1.2')!.document).filter((n) => /Secret|Perm/.test(n.uri));
    expect(secrets.length).toBeGreaterThan(4);
    for (const s of secrets) expect(s.node.properties!.accessTypes, s.uri).not.toContain('Get');
  });

  test('formats come from the DDFs, placeholders match any instance name', () => {
    const dmacc = standardDdf('urn:oma:mo:oma-dm-dmacc:1.2')!;
    expect(formatAt(dmacc, ['Auth', 'Trsp', 'Secret'])).toBe('bin');
    expect(formatAt(dmacc, ['Perm', '7', 'MOID'])).toBe('chr');
    expect(formatAt(dmacc, ['Auth'])).toBeUndefined();
    expect(formatAt(dmacc, ['Nope'])).toBeUndefined();
    const hook = formatHookFromDdfs();
    expect(hook('urn:oma:mo:oma-fumo:1.0', ['State'], undefined)).toBe('int');
    expect(hook('urn:oma:mo:oma-sessioninfomo:1.0', ['CBT'], 'x')).toBe('int');
    expect(hook('urn:example:unknown', ['State'], undefined)).toBeUndefined();
  });

  test("the DACMO description matches the DM engine's DACMO view, node for node", () => {
    const created = createInstance(emptyTree(), {
      moid: 'urn:oma:mo:oma-fumo:1.0',
      miid: 'fw',
      rootName: 'FUMO',
      root: makeInterior(),
      creator: { kind: 'server', serverId: 'srv-a' },
    });
    if (created.status !== 'ok') throw new Error('could not create the instance');
    const view = dacmoView(created.value, 'srv-a');
    const dacmo = standardDdf('urn:oma:mo:oma-dm-dacmo:1.0')!;
    expect(dacmo.document.nodes[0]!.name).toBe(view.rootName);
    expect(view.rootName).toBe(DACMO_ROOT_NAME);
    const leaves: string[][] = [];
    const walk = (node: TreeNode, path: string[]): void => {
      if (node.kind === 'leaf') leaves.push(path);
      else for (const [name, child] of node.children) walk(child, [...path, name]);
    };
    walk(view.root, []);
    expect(leaves.length).toBeGreaterThanOrEqual(5);
    for (const path of leaves) expect(formatAt(dacmo, path), path.join('/')).toBe('chr');
  });
});
