// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModeProvider, ModeSwitch } from '../../../../src-renderer/app/mode.js';
import { NavigationContext, type Navigation } from '../../../../src-renderer/app/navigation.js';
import { BridgeProvider } from '../../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../../src-renderer/bridge/client.js';
import { BenchView } from '../../../../src-renderer/features/bench/bench-view.js';
import { VersionHistory } from '../../../../src-renderer/features/profiles/version-history.js';
import { aRun, aVersion, RunsFakeBridge } from '../../support/runs-fake-bridge.js';

// What runs apply, in the Bench's run toolbar and the Profiles view's version history
// (docs/runs.md "Runs from the profile library").

let bridge: RunsFakeBridge;
const navigation: Navigation = { location: { viewId: 'bench', params: {} }, go: vi.fn() };

function renderWith(children: React.ReactNode) {
  return render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <NavigationContext.Provider value={navigation}>
        <ModeProvider>{children}</ModeProvider>
      </NavigationContext.Provider>
    </BridgeProvider>,
  );
}

const v1 = aVersion('1', null, 'a');
const v2 = aVersion('2', 'QA lead', 'b');
const other = aVersion('7', 'Line lead', 'c');

beforeEach(() => {
  localStorage.clear();
  bridge = new RunsFakeBridge();
  bridge.runs = [aRun(1, { state: 'queued' })];
  bridge.library = { 'sim-line': [v2, v1], 'field-modem': [other] };
});
afterEach(() => cleanup());

describe('Bench run toolbar: the profile runs apply', () => {
  it('says "demo description" until an approved version is chosen, lists only approved versions, and saves the choice', async () => {
    renderWith(
      <>
        <ModeSwitch />
        <BenchView />
      </>,
    );
    const profile = await screen.findByTestId('run-profile');
    expect(profile.textContent).toContain('demo description');
    const select = within(profile).getByRole('combobox', { name: 'Profile for runs' }) as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(['Demo description', 'field-modem 7 (cccccccc)', 'sim-line 2 (bbbbbbbb)']));
    fireEvent.change(select, { target: { value: `sim-line@${v2.hash}` } });
    await waitFor(() => expect(profile.textContent).toContain('2 · bbbbbbbb'));
    expect(bridge.calls.filter((c) => c.name === 'settings.set').map((c) => c.input)).toEqual([{ runProfile: { name: 'sim-line', version: v2.hash } }]);
    expect(within(profile).getByText('Approved by QA lead')).toBeTruthy();
    expect(select.value).toBe(`sim-line@${v2.hash}`);

    fireEvent.change(select, { target: { value: '' } });
    await waitFor(() => expect(profile.textContent).toContain('demo description'));
    expect(bridge.runProfile).toBeNull();
  });

  it('shows a chosen version that lost its approval as not approved (listed, not choosable); operators see it without a select', async () => {
    bridge.runProfile = { name: 'sim-line', version: v1.hash };
    const bench = (
      <>
        <ModeSwitch />
        <BenchView />
      </>
    );
    renderWith(bench);
    let profile = await screen.findByTestId('run-profile');
    await waitFor(() => expect(profile.textContent).toContain('1 · aaaaaaaa'));
    expect(within(profile).getByText('Not approved')).toBeTruthy();
    const option = [...(within(profile).getByRole('combobox', { name: 'Profile for runs' }) as HTMLSelectElement).options].find((o) => o.value === `sim-line@${v1.hash}`);
    expect(option?.disabled).toBe(true);
    cleanup();

    localStorage.setItem('bootbench.mode', 'operator');
    renderWith(bench);
    profile = await screen.findByTestId('run-profile');
    await waitFor(() => expect(profile.textContent).toContain('1 · aaaaaaaa'));
    expect(within(profile).queryByRole('combobox')).toBeNull();
  });
});

describe('Profiles version history: Use for runs', () => {
  it('offers "Use for runs" on approved versions only and marks the one in use', async () => {
    renderWith(<VersionHistory name="sim-line" versions={[v2, v1]} opened={undefined} caUnlocked onOpen={() => undefined} onApproved={() => undefined} />);
    const use = await screen.findByRole('button', { name: `Use version 2 (${v2.hash.slice(0, 12)}) for runs` });
    expect(screen.queryByRole('button', { name: `Use version 1 (${v1.hash.slice(0, 12)}) for runs` })).toBeNull();
    fireEvent.click(use);
    await screen.findByText('Used for runs');
    expect(bridge.runProfile).toEqual({ name: 'sim-line', version: v2.hash });
    expect(screen.queryByRole('button', { name: /for runs$/ })).toBeNull();
  });
});
