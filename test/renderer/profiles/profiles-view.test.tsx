// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { NavigationContext } from '../../../src-renderer/app/navigation.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { offsetOf } from '../../../src-renderer/features/profiles/code-editor.js';
import { ProfilesView } from '../../../src-renderer/features/profiles/profiles-view.js';
import { aDevice } from '../support/fake-bridge.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';

type Version = Output<'profiles.versions'>[number];
const h = (c: string) => c.repeat(64);
const GOOD = 'schema: bootbench.profile/v1\nid: line\nversion: "1"\n';
const BAD = 'schema: bootbench.profile/v1\nid: line\n  colour: blue\nversion: "1"\n';

/** A station library with one profile `line` (one version), validation by a rule on the text. */
function library(o: { unlocked: boolean }) {
  const versions: Version[] = [{ hash: h('a'), label: '1', profileId: 'line', title: 'Line 3', savedAt: '2026-11-24T10:00:00.000Z', approval: null }];
  const texts = new Map([[h('a'), GOOD]]);
  const summary = (): Output<'profiles.list'> => [{ name: 'line', latest: versions[0]!, versions: versions.length, approvedVersions: versions.filter((v) => v.approval?.valid === true).length }];
  const device = aDevice(1);
  const bridge = new ScriptedBridge({
    'profiles.list': summary,
    'ca.status': () => ({ initialized: true, active: null, retired: [], issuedCount: 0, unlocked: o.unlocked }),
    'profiles.versions': () => versions,
    'profiles.get': ({ version }) => {
      const v = versions.find((x) => x.hash === (version ?? versions[0]!.hash))!;
      return { name: 'line', version: v, text: texts.get(v.hash)! };
    },
    'profiles.validate': ({ text }) =>
      text.includes('colour') ? { ok: false, issues: [{ pointer: '/colour', message: 'unknown field "colour"', line: 3, column: 3 }] } : { ok: true, issues: [], hash: text === GOOD ? h('a') : h('b'), profileId: 'line', label: '2' },
    'profiles.save': ({ text }) => {
      const v: Version = { hash: h('b'), label: '2', profileId: 'line', title: 'Line 3', savedAt: '2026-11-24T11:00:00.000Z', approval: null };
      versions.unshift(v);
      texts.set(v.hash, text);
      return { version: v, isNew: true };
    },
    'profiles.diff': ({ from, to }) => (from === h('a') && to === h('b') ? [{ kind: 'changed', pointer: '/version', before: '1', after: '2' }] : []),
    'profiles.approve': ({ version }) => {
      const i = versions.findIndex((v) => v.hash === version);
      versions[i] = { ...versions[i]!, approval: { approvedBy: 'tester', approvedAt: '2026-11-24T12:00:00.000Z', signer: h('c'), signature: '3045', valid: true } };
      return versions[i];
    },
    'devices.list': () => [device],
    'profiles.planDiff': ({ deviceId }) => ({
      ok: true,
      profile: { name: 'line', hash: h('a'), label: '1' },
      device: { deviceId, imei: device.identity.imei!, model: 'SimPhone 2' },
      currentTree: 'factory-prediction',
      commands: [{ name: 'HGET', url: 'http://station.link/repo/bootstrap/accounts' }],
      instances: ['urn:oma:mo:oma-dm-dmacc:1.2/operator'],
      credentials: ['op (operator): psk'],
      warnings: [],
      diff: { added: ['urn:oma:mo:oma-dm-dmacc:1.2/operator'], changed: [], unchanged: [], nodes: [{ kind: 'added', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/operator', path: 'DMAcc/Auth/Trsp/Secret', after: '•••' }] },
    }),
  });
  return { bridge, device };
}

function renderView(bridge: ScriptedBridge, go = vi.fn()) {
  render(
    <NavigationContext.Provider value={{ location: { viewId: 'profiles', params: {} }, go }}>
      <BridgeProvider client={new BridgeClient(bridge)}>
        <ProfilesView />
      </BridgeProvider>
    </NavigationContext.Provider>,
  );
  return go;
}

afterEach(cleanup);

describe('ProfilesView', () => {
  it('lists profiles with their approval state and opens the latest version in the editor', async () => {
    const { bridge } = library({ unlocked: true });
    renderView(bridge);
    const list = await screen.findByRole('table', { name: 'Profiles' });
    expect(within(list).getByRole('button', { name: 'line' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(list).getByText('Not approved')).toBeDefined();
    const editor = (await screen.findByLabelText('Profile line (YAML or JSON)')) as HTMLTextAreaElement;
    expect(editor.value).toBe(GOOD);
    expect(await screen.findByText(/Valid profile line/)).toBeDefined();
  });

  it('validates as you type: the error is listed with line:col, a click puts the caret there; fixed, it saves a new version', async () => {
    const { bridge } = library({ unlocked: true });
    renderView(bridge);
    const editor = (await screen.findByLabelText('Profile line (YAML or JSON)')) as HTMLTextAreaElement;
    await screen.findByText(/Valid profile line/);
    fireEvent.change(editor, { target: { value: `${BAD.slice(0, 10)}` } });
    fireEvent.change(editor, { target: { value: BAD } });
    const jump = await screen.findByRole('button', { name: 'Go to line 3, column 3: unknown field "colour"' });
    expect(editor.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('button', { name: 'Save as new version' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(jump);
    expect(document.activeElement).toBe(editor);
    expect(editor.selectionStart).toBe(offsetOf(BAD, 3, 3));
    // One validation per pause in typing, not per keystroke (the half-typed text was never sent).
    expect(bridge.inputsOf('profiles.validate').map((i) => i.text)).toEqual([GOOD, BAD]);
    fireEvent.change(editor, { target: { value: GOOD.replace('"1"', '"2"') } });
    const save = screen.getByRole('button', { name: 'Save as new version' });
    await waitFor(() => expect(save.hasAttribute('disabled')).toBe(false));
    fireEvent.click(save);
    expect(await screen.findByText(/Saved version 2/)).toBeDefined();
    expect(bridge.inputsOf('profiles.save')).toEqual([{ name: 'line', text: GOOD.replace('"1"', '"2"') }]);
    const history = screen.getByRole('table', { name: 'Versions of line' });
    await waitFor(() => expect(within(history).getAllByRole('row')).toHaveLength(3));
  });

  it('shows the diff between versions and approves one when the CA is unlocked', async () => {
    const { bridge } = library({ unlocked: true });
    renderView(bridge);
    const editor = (await screen.findByLabelText('Profile line (YAML or JSON)')) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: GOOD.replace('"1"', '"2"') } });
    const save = screen.getByRole('button', { name: 'Save as new version' });
    await waitFor(() => expect(save.hasAttribute('disabled')).toBe(false));
    fireEvent.click(save);
    fireEvent.click(await screen.findByRole('button', { name: 'Compare version 2 with 1' }));
    expect((await screen.findByText(/\/version: 1 → 2/)).closest('li')?.getAttribute('data-kind')).toBe('changed');
    fireEvent.click(screen.getByRole('button', { name: `Approve version 2 (${h('b').slice(0, 12)})` }));
    await waitFor(() => expect(screen.getAllByText('Approved by tester').length).toBeGreaterThan(0));
    expect(bridge.inputsOf('profiles.approve')).toEqual([{ name: 'line', version: h('b') }]);
  });

  it('with the CA locked, approval is disabled and the view links to Certificates', async () => {
    const { bridge } = library({ unlocked: false });
    const go = renderView(bridge);
    const approve = await screen.findByRole('button', { name: `Approve version 1 (${h('a').slice(0, 12)})` });
    await waitFor(() => expect(approve.hasAttribute('disabled')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Unlock the CA in Certificates' }));
    expect(go).toHaveBeenCalledWith('certificates');
  });

  it('a failed approval is explained through the error catalog', async () => {
    const { bridge } = library({ unlocked: true });
    bridge.script['profiles.approve'] = () => {
      throw new ProvisioningError('AUTH_FAILED', 'Unlock the station CA first (Certificates)');
    };
    renderView(bridge);
    fireEvent.click(await screen.findByRole('button', { name: `Approve version 1 (${h('a').slice(0, 12)})` }));
    expect((await screen.findByRole('alert')).textContent).toContain('Unlock the station CA first');
  });

  it('shows the plan diff for a device picked from the bench, secrets masked', async () => {
    const { bridge, device } = library({ unlocked: true });
    renderView(bridge);
    await screen.findByLabelText('Profile line (YAML or JSON)');
    const picker = (await screen.findByLabelText('Device on the bench')) as HTMLSelectElement;
    await waitFor(() => expect(picker.disabled).toBe(false));
    fireEvent.change(picker, { target: { value: device.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Show plan diff' }));
    const table = await screen.findByRole('table', { name: 'Node changes' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('DMAcc/Auth/Trsp/Secret');
    expect(row.textContent).toContain('•••');
    expect(screen.getByText(/factory tree predicted/)).toBeDefined();
    expect(bridge.inputsOf('profiles.planDiff')).toEqual([{ name: 'line', version: h('a'), deviceId: DeviceId.parse(device.id) }]);
  });
});
