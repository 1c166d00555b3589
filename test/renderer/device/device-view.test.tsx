// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { APN_MOID } from '../../../src-shared/tree/tree-ddf.js';
import type { DeviceTree } from '../../../src-shared/tree/tree-schema.js';
import { NavigationContext } from '../../../src-renderer/app/navigation.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { DeviceView } from '../../../src-renderer/features/device/device-view.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';
import { aDevice } from '../support/fake-bridge.js';
import { smallTree, syntheticTree } from './tree-fixtures.js';

const device = aDevice(1);
const CONNECTED = { kind: 'connected' } as const;

/** The scripted bridge with a stable connection status (useSyncExternalStore needs one snapshot). */
class StationBridge extends ScriptedBridge {
  override readonly status = { current: () => CONNECTED, subscribe: () => () => undefined };
}

function station(trees: DeviceTree[], apply?: () => never) {
  let reads = 0;
  const after = { ...smallTree('c'.repeat(64)) };
  after.rows = after.rows.map((r) => (r.uri === `${APN_MOID}/internet/MTU` ? { ...r, value: '1380' } : r));
  return new StationBridge({
    'devices.list': () => [device],
    'tree.read': () => trees[Math.min(reads++, trees.length - 1)]!,
    'tree.preview': ({ edits }) => ({ token: '0'.repeat(32), version: trees[0]!.version, diff: edits.map((e) => ({ kind: 'value' as const, uri: e.kind === 'acl' ? 'x' : e.uri, before: '1420', after: e.kind === 'set' ? e.value : '', masked: false })) }),
    'tree.apply': () => (apply !== undefined ? apply() : { kind: 'applied' as const, tree: after, changes: 1 }),
  });
}

const renderView = (bridge: StationBridge) =>
  render(
    <NavigationContext.Provider value={{ location: { viewId: 'device', params: { deviceId: device.id } }, go: () => undefined }}>
      <BridgeProvider client={new BridgeClient(bridge)}>
        <DeviceView />
      </BridgeProvider>
    </NavigationContext.Provider>,
  );

const item = (name: RegExp | string) => screen.getAllByRole('treeitem').find((el) => within(el).queryByText(name) !== null)!;

afterEach(cleanup);

describe('DeviceView', () => {
  it('reads the tree and shows identity; keyboard moves, expands and collapses (tree semantics); secrets never reach the DOM', async () => {
    const bridge = station([smallTree()]);
    renderView(bridge);
    const tree = await screen.findByRole('tree', { name: 'Management tree' });
    expect(screen.getByLabelText('Device identity').textContent).toContain('IMEI:356938035643809');
    expect(bridge.inputsOf('tree.read')).toEqual([{ deviceId: DeviceId.parse(device.id) }]);
    const mo = item(APN_MOID);
    expect(mo.getAttribute('aria-level')).toBe('1');
    expect(mo.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(tree, { key: 'End' });
    expect(tree.getAttribute('aria-activedescendant')).toBe(item('internet').id);
    expect(item('internet').getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    expect(item('internet').getAttribute('aria-expanded')).toBe('true');
    expect(within(item('Password')).getByLabelText('secret, write-only').textContent).toBe('••••••');
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(item('Name').getAttribute('aria-selected')).toBe('true');
    expect(item('Name').getAttribute('aria-level')).toBe('3');
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(item('internet').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(item('internet').getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(tree, { key: 'Home' });
    expect(screen.getAllByRole('treeitem')[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('search filters by name, ClientURI or value and highlights matches', async () => {
    renderView(station([smallTree()]));
    await screen.findByRole('tree');
    fireEvent.change(screen.getByLabelText('Search nodes'), { target: { value: 'operator' } });
    await waitFor(() => expect(screen.getByRole('search').textContent).toContain('1 matching'));
    const names = screen.getAllByRole('treeitem').map((el) => el.querySelector('.tree-name')!.textContent);
    expect(names).toEqual([APN_MOID, 'internet', 'Name']);
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['operator']);
  });

  it('a typed editor validates inline; staged changes are applied only after the diff preview, then the tree read back replaces it', async () => {
    const bridge = station([smallTree()]);
    renderView(bridge);
    const tree = await screen.findByRole('tree');
    fireEvent.keyDown(tree, { key: 'End' });
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    fireEvent.click(item('MTU'));
    const editor = screen.getByRole('form', { name: 'Edit MTU' });
    const input = within(editor).getByLabelText('MTU (int)');
    fireEvent.change(input, { target: { value: '14x' } });
    expect(within(editor).getByText(/Invalid: must be a whole number/)).toBeDefined();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((within(editor).getByRole('button', { name: 'Stage change' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: '1380' } });
    fireEvent.submit(editor);
    expect(screen.getByRole('heading', { name: 'Pending changes (1)' })).toBeDefined();
    expect(bridge.inputsOf('tree.apply')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Review and apply…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Apply 1 change to the device?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByRole('table').textContent).toContain('1380');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Apply to device' }));
    expect(bridge.inputsOf('tree.preview')).toEqual([{ deviceId: device.id, edits: [{ kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1380' }] }]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply to device' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.inputsOf('tree.apply')).toEqual([{ deviceId: device.id, token: '0'.repeat(32) }]);
    await waitFor(() => expect(document.body.textContent).toContain('Applied 1 change; the tree was read back from the device.'));
    expect(screen.getByLabelText('Device identity').textContent).toContain('cccccccccccc');
  });

  it('Escape cancels the preview; a bool node gets a switch; permissions per server are staged as ACL edits', async () => {
    const bridge = station([smallTree()]);
    renderView(bridge);
    const tree = await screen.findByRole('tree');
    fireEvent.keyDown(tree, { key: 'End' });
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    const acl = screen.getByRole('table', { name: 'Rights per server on internet' });
    expect((within(acl).getByLabelText('Write for bootbench-station') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(within(acl).getByLabelText('Write for dm.operator.test'));
    expect(screen.getByRole('heading', { name: 'Pending changes (1)' })).toBeDefined();
    expect(screen.getByText(/dm\.operator\.test on .*: Read\+Write/)).toBeDefined();
    fireEvent.click(item('Roaming'));
    const toggle = screen.getByRole('switch', { name: 'Roaming (on/off)' });
    fireEvent.click(toggle);
    fireEvent.submit(screen.getByRole('form', { name: 'Edit Roaming' }));
    expect(screen.getByRole('heading', { name: 'Pending changes (2)' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Review and apply…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.inputsOf('tree.preview')[0]?.edits).toEqual([
      { kind: 'acl', moid: APN_MOID, miid: 'internet', serverId: 'dm.operator.test', rights: ['Read', 'Write'] },
      { kind: 'set', uri: `${APN_MOID}/internet/Roaming`, value: 'false' },
    ]);
  });

  it('TREE_CHANGED: the catalog explains it and the tree is read again', async () => {
    const bridge = station([smallTree(), smallTree('d'.repeat(64))], () => {
      throw new ProvisioningError('TREE_CHANGED', "the device's tree changed since the preview; nothing was applied");
    });
    renderView(bridge);
    const tree = await screen.findByRole('tree');
    fireEvent.keyDown(tree, { key: 'End' });
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    fireEvent.click(item('Name'));
    fireEvent.change(screen.getByLabelText('Name (chr)'), { target: { value: 'apn2' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Edit Name' }));
    fireEvent.click(screen.getByRole('button', { name: 'Review and apply…' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Apply to device' }));
    await waitFor(() => expect(bridge.inputsOf('tree.read')).toHaveLength(2));
    await waitFor(() => expect(screen.getByLabelText('Device identity').textContent).toContain('dddddddddddd'));
  });

  it('renders a 100k-node tree as a window of rows; End reaches the last row', async () => {
    const big = syntheticTree(100_000);
    renderView(station([big]));
    const tree = await screen.findByRole('tree');
    act(() => {
      for (let i = 0; i < 20; i++) fireEvent.keyDown(tree, { key: i === 0 ? 'Home' : 'ArrowRight' });
    });
    expect(screen.getAllByRole('treeitem').length).toBeLessThan(120);
    fireEvent.keyDown(tree, { key: 'End' });
    const active = document.getElementById(tree.getAttribute('aria-activedescendant')!)!;
    expect(active).toBe(screen.getAllByRole('treeitem').at(-1));
    expect(active.getAttribute('aria-level')).toBe('2');
    expect(screen.getByRole('search').textContent).toContain('100,000 nodes');
  });

  it('a card reader: identity with ICCID and ATR, no tree read, the trace shows its APDUs', async () => {
    const reader = aDevice(2, { id: DeviceId.parse('pcsc:Virtual PCD 00 00'), slot: 'reader:Virtual PCD 00 00', label: 'Virtual PCD 00 00', transport: 'pcsc', kind: 'card-reader', identity: { atr: '3b8a80010031c173c8400000', iccid: '8949440000001234567' } });
    const apdu = { id: 1, atMs: 1_700_000_000_000, deviceId: reader.id, slot: reader.slot, layer: 'apdu' as const, direction: 'out' as const, summary: 'SELECT 2FE2 → 9000' };
    const bridge = new StationBridge({ 'devices.list': () => [reader], 'trace.list': () => ({ records: [apdu], total: 1, dropped: 0 }) });
    render(
      <NavigationContext.Provider value={{ location: { viewId: 'device', params: { deviceId: reader.id } }, go: () => undefined }}>
        <BridgeProvider client={new BridgeClient(bridge)}>
          <DeviceView />
        </BridgeProvider>
      </NavigationContext.Provider>,
    );
    expect(await screen.findByText('SELECT 2FE2 → 9000')).toBeDefined();
    const identity = screen.getByLabelText('Device identity').textContent;
    expect(identity).toContain('8949440000001234567');
    expect(identity).toContain('3b8a80010031c173c8400000');
    expect(screen.getByText(/has no management tree to read/)).toBeDefined();
    expect((screen.getByRole('button', { name: 'Read tree again' }) as HTMLButtonElement).disabled).toBe(true);
    expect(bridge.inputsOf('tree.read')).toEqual([]);
    expect(bridge.inputsOf('trace.list')[0]).toMatchObject({ deviceId: reader.id });
  });
});
