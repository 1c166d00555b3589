import { describe, expect, it } from 'vitest';
import { applyTreeEdits, readDeviceTree } from '../../../src-main/tree/tree-service.js';
import { TRUST_ANCHOR_MOID } from '../../../src-shared/bootstrap/cable-constants.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { decodeDeviceState } from '../../../src-shared/bootstrap/device-state.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import { leafText } from '../../../src-shared/protocol/dm/tree/values.js';
import { APN_MOID, SETTINGS_MOID } from '../../../src-shared/tree/tree-ddf.js';
import { DeviceTree, MASK, type TreeEdit } from '../../../src-shared/tree/tree-schema.js';
import { planEdits } from '../../../src-shared/tree/plan-edits.js';
import { bootstrappedHandset, type MemoryHandset } from './memory-handset.js';

async function read(h: MemoryHandset) {
  const line = h.plug();
  const tree = await readDeviceTree({ channel: line.channel, timeoutMs: 10_000 });
  await line.done;
  return DeviceTree.parse(tree);
}

function deviceLeaf(h: MemoryHandset, moid: string, miid: string, path: string[]): string | undefined {
  const state = decodeDeviceState(h.store.text!);
  const n = nodeAt(getInstance(state.tree, moid, miid)!.root, path);
  return n?.kind === 'leaf' ? leafText(n) : undefined;
}

describe.concurrent('tree service over the simulator core (in-memory line)', () => {
  it('reads every instance the station may see, with DDF formats, ACLs and secrets masked', async () => {
    const h = await bootstrappedHandset();
    const tree = await read(h);
    const uris = new Set(tree.rows.map((r) => r.uri));
    expect(uris).toContain(`${STANDARD_MOIDS.dmAcc}/operator/SrvURI`);
    expect(uris).toContain(`${APN_MOID}/internet/Name`);
    expect(uris).toContain(`${STANDARD_MOIDS.devInfo}/di/DevID`);
    // The factory bootstrap account (created locally, no rights for the station) is not visible.
    expect(uris).not.toContain(`${STANDARD_MOIDS.dmAcc}/bootstrap/`);
    const mtu = tree.rows.find((r) => r.uri === `${APN_MOID}/internet/MTU`)!;
    expect(mtu).toMatchObject({ format: 'int', value: '1420', writable: true });
    expect(tree.rows.find((r) => r.uri === `${SETTINGS_MOID}/main/ScreenLock/Enabled`)).toMatchObject({ format: 'bool', value: 'true' });
    expect(tree.rows.find((r) => r.uri === `${STANDARD_MOIDS.devInfo}/di/Man`)).toMatchObject({ writable: false });
    const secrets = tree.rows.filter((r) => r.masked);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.value).toBeUndefined();
    const acl = tree.acls.find((a) => a.moid === APN_MOID && a.miid === 'internet')!;
    expect(acl.stationRights).toEqual(expect.arrayContaining(['Read', 'Write', 'Delegate']));
    expect(acl.entries).toContainEqual({ serverId: 'dm.operator.test', rights: ['Read', 'Write'] });
    expect(JSON.stringify(tree)).not.toMatch(/"Secret"\s*:\s*"[A-Za-z0-9+/=]{8,}/);
  });

  it('applies values, a delete and a permission change atomically, and reads them back from the device', async () => {
    const h = await bootstrappedHandset();
    const tree = await read(h);
    const edits: TreeEdit[] = [
      { kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1380' },
      { kind: 'set', uri: `${SETTINGS_MOID}/main/ScreenLock/Enabled`, value: 'false' },
      { kind: 'delete', uri: `${TRUST_ANCHOR_MOID}/root2/` },
      { kind: 'acl', moid: APN_MOID, miid: 'ims', serverId: 'dm.operator.test', rights: ['Read', 'Write'] },
    ];
    const plan = planEdits(tree, edits);
    expect(plan.ok && plan.diff.map((d) => `${d.kind} ${d.before ?? ''}→${d.after ?? ''}`)).toEqual(['value 1420→1380', 'value true→false', 'delete →', 'acl Read→Read+Write']);
    const line = h.plug();
    const result = await applyTreeEdits({ channel: line.channel, version: tree.version, edits, timeoutMs: 10_000 });
    await line.done;
    expect(result.kind).toBe('applied');
    if (result.kind !== 'applied') return;
    expect(result.changes).toBe(4);
    expect(result.tree.rows.find((r) => r.uri === `${APN_MOID}/internet/MTU`)?.value).toBe('1380');
    expect(result.tree.rows.some((r) => r.uri.startsWith(`${TRUST_ANCHOR_MOID}/root2/`))).toBe(false);
    expect(result.tree.rows.some((r) => r.uri.startsWith(`${TRUST_ANCHOR_MOID}/root1/`))).toBe(true);
    // What the device committed to its store, not just what the session saw.
    expect(deviceLeaf(h, APN_MOID, 'internet', ['MTU'])).toBe('1380');
    expect(deviceLeaf(h, SETTINGS_MOID, 'main', ['ScreenLock', 'Enabled'])).toBe('false');
    const state = decodeDeviceState(h.store.text!);
    expect(getInstance(state.tree, APN_MOID, 'ims')!.permissions.get('dm.operator.test')).toEqual(['Read', 'Write']);
    expect((await read(h)).version).toBe(result.tree.version);
  });

  it('writes a secret without ever reading it back', async () => {
    const h = await bootstrappedHandset();
    const tree = await read(h);
    const secret = tree.rows.find((r) => r.masked && r.uri.startsWith(`${APN_MOID}/internet/`))!;
    expect(secret.uri).toBe(`${APN_MOID}/internet/Password`);
    const plan = planEdits(tree, [{ kind: 'set', uri: secret.uri, value: 'hunter2-new' }]);
    expect(plan).toEqual({ ok: true, diff: [{ kind: 'value', uri: secret.uri, before: MASK, after: MASK, masked: true }] });
    const line = h.plug();
    const result = await applyTreeEdits({ channel: line.channel, version: tree.version, edits: [{ kind: 'set', uri: secret.uri, value: 'hunter2-new' }], timeoutMs: 10_000 });
    await line.done;
    expect(result.kind).toBe('applied');
    expect(deviceLeaf(h, APN_MOID, 'internet', ['Password'])).toBe('hunter2-new');
    expect(JSON.stringify(result)).not.toContain('hunter2-new');
  });

  it('refuses with TREE_CHANGED when the device changed after the preview, and sends nothing', async () => {
    const h = await bootstrappedHandset();
    const tree = await read(h);
    const first = h.plug();
    await applyTreeEdits({ channel: first.channel, version: tree.version, edits: [{ kind: 'set', uri: `${APN_MOID}/ims/Name`, value: 'ims2' }], timeoutMs: 10_000 });
    await first.done;
    const saves = h.store.saves;
    const stale = h.plug();
    const error = await applyTreeEdits({ channel: stale.channel, version: tree.version, edits: [{ kind: 'set', uri: `${APN_MOID}/internet/Name`, value: 'x' }], timeoutMs: 10_000 }).catch((e: unknown) => e);
    await stale.done;
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).code).toBe('TREE_CHANGED');
    expect(deviceLeaf(h, APN_MOID, 'internet', ['Name'])).toBe('internet.operator.test');
    expect(h.store.saves - saves).toBeLessThanOrEqual(1); // the read-only session may commit (nothing changed), never the edit
  });

  it('a command the device refuses rolls the whole change set back (all or nothing)', async () => {
    const h = await bootstrappedHandset();
    const tree = await read(h);
    // DevInfo is read-only for the station: the planner would refuse it, so send it past the planner
    // by forging a row, to see the device's own refusal roll back the valid edit before it.
    const forged = { ...tree, rows: tree.rows.map((r) => (r.uri.endsWith('/di/Lang') ? { ...r, writable: true } : r)) };
    const edits = [
      { kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1000' },
      { kind: 'set', uri: `${STANDARD_MOIDS.devInfo}/di/Lang`, value: 'de-DE' },
    ] as const;
    expect(planEdits(tree, edits).ok).toBe(false);
    expect(planEdits(forged, edits).ok).toBe(true);
    const line = h.plug();
    const result = await applyTreeEdits({ channel: line.channel, version: tree.version, edits, timeoutMs: 10_000, planCheck: false });
    await line.done;
    expect(result.kind).toBe('refused');
    expect(result.kind === 'refused' && result.statuses.some((s) => s.sc === 403)).toBe(true);
    expect(deviceLeaf(h, APN_MOID, 'internet', ['MTU'])).toBe('1420');
  });
});
