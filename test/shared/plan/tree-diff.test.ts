import { describe, expect, it } from 'vitest';
import { diffAgainstTree, formatTreeDiff, maskEntries, MASK } from '../../../src-shared/plan/tree-diff.js';
import type { MoEntryJson } from '../../../src-shared/protocol/mo/mo-entry.js';

const acc = (name: string, secret: string): MoEntryJson => ({ ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/op/', MOData: { DMAcc: { SrvID: 'op', Name: name, Auth: { Trsp: { Data: 'ZGV2', Secret: secret } } } } });
const nap: MoEntryJson = { ClientURI: 'urn:oma:mo:oma-connmo-nap:1.0/internet/', MOData: { NAP: { Name: 'Internet', Addr: 'apn' } } };
const other: MoEntryJson = { ClientURI: 'urn:oma:mo:oma-dm-devinfo:1.2/dev/', MOData: { DevInfo: { DevID: 'IMEI:1' } } };

describe('diffAgainstTree', () => {
  it('lists added instances and every leaf, secrets masked', () => {
    const d = diffAgainstTree({ entries: [acc('Op', 'c2VjcmV0LXBsYW4='), nap] }, [other]);
    expect(d.instances).toEqual({ added: ['urn:oma:mo:oma-dm-dmacc:1.2/op', 'urn:oma:mo:oma-connmo-nap:1.0/internet'], changed: [], unchanged: [] });
    expect(d.nodes).toContainEqual({ kind: 'added', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/op', path: 'DMAcc/Auth/Trsp/Secret', after: MASK });
    expect(d.nodes).toContainEqual({ kind: 'added', instance: 'urn:oma:mo:oma-connmo-nap:1.0/internet', path: 'NAP/Addr', after: 'apn' });
    expect(JSON.stringify(d)).not.toContain('c2VjcmV0LXBsYW4=');
  });

  it('reports changed and removed leaves of a replaced instance, and unchanged instances', () => {
    const current: MoEntryJson[] = [acc('Old name', 'b2xkLXNlY3JldA=='), { ...nap, MOData: { NAP: { Name: 'Internet', Addr: 'apn', Extra: 'x' } } }, other];
    const d = diffAgainstTree({ entries: [acc('Op', 'bmV3LXNlY3JldA=='), { ...nap }] }, current);
    expect(d.instances).toEqual({ added: [], changed: ['urn:oma:mo:oma-dm-dmacc:1.2/op', 'urn:oma:mo:oma-connmo-nap:1.0/internet'], unchanged: [] });
    expect(d.nodes).toEqual([
      { kind: 'changed', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/op', path: 'DMAcc/Name', before: 'Old name', after: 'Op' },
      { kind: 'changed', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/op', path: 'DMAcc/Auth/Trsp/Secret', before: MASK, after: MASK },
      { kind: 'removed', instance: 'urn:oma:mo:oma-connmo-nap:1.0/internet', path: 'NAP/Extra', before: 'x' },
    ]);
    const text = formatTreeDiff(d).join('\n');
    expect(text).toContain('~ urn:oma:mo:oma-dm-dmacc:1.2/op DMAcc/Name: Old name → Op');
    expect(text).not.toMatch(/b2xk|bmV3/);
    expect(diffAgainstTree({ entries: [nap] }, [nap])).toEqual({ instances: { added: [], changed: [], unchanged: ['urn:oma:mo:oma-connmo-nap:1.0/internet'] }, nodes: [] });
    expect(formatTreeDiff(diffAgainstTree({ entries: [nap] }, [nap]))[0]).toMatch(/No changes/);
  });

  it('maskEntries hides secret leaves only', () => {
    const [m] = maskEntries([acc('Op', 'c2VjcmV0')]);
    expect(m?.MOData).toEqual({ DMAcc: { SrvID: 'op', Name: 'Op', Auth: { Trsp: { Data: 'ZGV2', Secret: MASK } } } });
  });

  it('shows the credential the station derives at run time as added when the device lacks it, and does not compare it otherwise', () => {
    const planned = { ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/op/', MOData: { DMAcc: { SrvID: 'op', Name: 'Op' } } };
    const bootstrapSpec = { version: 1 as const, accounts: [{ miid: 'op', issueTrspSecret: true, issueNotiSecret: false, trspSecretBytes: 32, account: { srvId: 'op', srvUri: 'https://op.test/', name: 'Op', permittedMoids: ['urn:x'] } }], trustAnchors: [], config: [] };
    const fresh = diffAgainstTree({ entries: [planned], bootstrapSpec }, []);
    expect(fresh.nodes.filter((n) => n.path.startsWith('DMAcc/Auth'))).toEqual([
      { kind: 'added', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/op', path: 'DMAcc/Auth/Trsp/Data', after: MASK },
      { kind: 'added', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/op', path: 'DMAcc/Auth/Trsp/Secret', after: MASK },
    ]);
    expect(diffAgainstTree({ entries: [planned], bootstrapSpec }, [acc('Op', 'c2VjcmV0')]).instances.unchanged).toEqual(['urn:oma:mo:oma-dm-dmacc:1.2/op']);
  });
});
