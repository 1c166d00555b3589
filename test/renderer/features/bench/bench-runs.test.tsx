// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BridgeProvider } from '../../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../../src-renderer/bridge/client.js';
import { ModeProvider, ModeSwitch } from '../../../../src-renderer/app/mode.js';
import { NavigationContext, type Navigation } from '../../../../src-renderer/app/navigation.js';
import { BenchView } from '../../../../src-renderer/features/bench/bench-view.js';
import { DeviceId } from '../../../../src-shared/domain/device.js';
import { aDevice } from '../../support/fake-bridge.js';
import { aRun, RunsFakeBridge } from '../../support/runs-fake-bridge.js';

let bridge: RunsFakeBridge;
const go = vi.fn();

/** A Notification stand-in (jsdom has none): records what the Bench shows. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static shown: { title: string; body: string | undefined }[] = [];
  static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'));
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
}

function renderBench() {
  const navigation: Navigation = { location: { viewId: 'bench', params: {} }, go };
  return render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <NavigationContext.Provider value={navigation}>
        <ModeProvider>
          <ModeSwitch />
          <BenchView />
        </ModeProvider>
      </NavigationContext.Provider>
    </BridgeProvider>,
  );
}

const rowOf = (slot: string) => screen.getByRole('rowheader', { name: slot }).closest('tr')!;

beforeEach(() => {
  bridge = new RunsFakeBridge();
  bridge.devices = [aDevice(1), aDevice(2)];
  window.localStorage.clear();
  FakeNotification.permission = 'default';
  FakeNotification.shown = [];
  vi.stubGlobal('Notification', FakeNotification);
  go.mockReset();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Bench runs (engineer mode)', () => {
  it('starts a run on one slot, shows its progress with ETA, then the result; Inspect opens the Device view', async () => {
    renderBench();
    await screen.findByRole('rowheader', { name: 'sim-1' });
    expect(await within(rowOf('sim-1')).findByText('Ready')).toBeDefined();
    fireEvent.click(within(rowOf('sim-1')).getByRole('button', { name: 'Start run on sim-1' }));
    await waitFor(() => expect(bridge.calls.find((c) => c.name === 'runs.start')?.input).toEqual({ deviceIds: [aDevice(1).id] }));

    act(() => bridge.progress(aRun(1, { state: 'bootstrapping', step: 'session', fraction: 0.4, etaMs: 3000 }), 3000));
    const bar = await within(rowOf('sim-1')).findByRole('progressbar', { name: 'Run progress on sim-1' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(bar.getAttribute('aria-valuetext')).toBe('40%, about 3 s left');
    expect(rowOf('sim-1').textContent).toContain('Bootstrapping');
    expect(within(rowOf('sim-1')).getByRole('button', { name: 'Cancel run on sim-1' })).toBeDefined();
    expect(screen.getByTestId('run-summary').textContent).toContain('1 running · batch about 3 s left');

    act(() => bridge.progress(aRun(1, { state: 'done', result: 'done', fraction: 1, etaMs: 0, endedAtMs: 1_700_000_001_000 })));
    await waitFor(() => expect(rowOf('sim-1').textContent).toContain('Passed'));
    expect(within(rowOf('sim-1')).queryByRole('progressbar')).toBeNull();
    expect(screen.getByTestId('run-announcer').textContent).toBe('Batch done: 1 passed, 0 failed');

    fireEvent.click(within(rowOf('sim-1')).getByRole('button', { name: /^Inspect .* on sim-1$/ }));
    expect(go).toHaveBeenCalledWith('device', { deviceId: aDevice(1).id });
  });

  it('shows a failure with its catalog text; Retry failed, Cancel all and the auto-run toggle call the station', async () => {
    bridge.runs = [aRun(1, { state: 'failed', result: 'failed', errorCode: 'DEVICE_DISCONNECTED', errorMessage: 'line dropped', fraction: 1, etaMs: 0, endedAtMs: 1 }), aRun(2, { state: 'identifying' })];
    renderBench();
    await waitFor(() => expect(rowOf('sim-1').textContent).toContain('Device disconnected (DEVICE_DISCONNECTED)'));
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel all' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Auto-run on attach' }));
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Auto-run on attach' }) as HTMLInputElement).checked).toBe(true));
    expect(bridge.calls.map((c) => [c.name, c.input]).filter(([n]) => n !== 'devices.list' && n !== 'runs.list')).toEqual([
      ['runs.retryFailed', undefined],
      ['runs.cancel', { deviceId: aDevice(2).id }],
      ['settings.set', { autoRun: true }],
    ]);
  });

  it('asks notification permission from a click, then notifies each failure and the batch end', async () => {
    renderBench();
    await screen.findByRole('rowheader', { name: 'sim-1' });
    act(() => bridge.progress(aRun(1, { state: 'bootstrapping' })));
    act(() => bridge.progress(aRun(2, { state: 'bootstrapping' })));
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('button', { name: 'Enable notifications' }));
    expect(await screen.findByText('Notifications on')).toBeDefined();
    act(() => bridge.progress(aRun(1, { state: 'failed', result: 'failed', errorCode: 'TRANSPORT_TIMEOUT', endedAtMs: 2, fraction: 1, etaMs: 0 })));
    await waitFor(() => expect(FakeNotification.shown.map((n) => n.title)).toEqual(['sim-1 failed']));
    act(() => bridge.progress(aRun(2, { state: 'done', result: 'done', endedAtMs: 3, fraction: 1, etaMs: 0 })));
    await waitFor(() => expect(FakeNotification.shown.at(-1)).toEqual({ title: 'Batch done', body: '1 passed, 1 failed' }));
  });

  it('card-reader slots: Start only while a card is in, ICCID (else ATR) as identity, "no card" otherwise; Inspect opens the Device view', async () => {
    const reader = (name: string, identity: Record<string, string>) =>
      aDevice(9, { id: DeviceId.parse(`pcsc:${name}`), slot: `reader:${name}`, label: name, transport: 'pcsc', kind: 'card-reader', identity });
    bridge.devices = [reader('PCD 0', { atr: '3b8a80010031c173c8400000', iccid: '8949440000001234567' }), reader('PCD 1', {}), reader('PCD 2', { atr: '3b9f95801fc78031e073fe211b63e208a8' })];
    renderBench();
    await screen.findByRole('rowheader', { name: 'reader:PCD 0' });
    expect(rowOf('reader:PCD 0').textContent).toContain('ICCID 8949440000001234567');
    expect(rowOf('reader:PCD 0').textContent).toContain('card in');
    expect(rowOf('reader:PCD 1').textContent).toContain('no card');
    expect(rowOf('reader:PCD 1').textContent).toContain('empty');
    expect(rowOf('reader:PCD 2').textContent).toContain('ATR 3b9f95801fc78031e073…');
    const idle = within(rowOf('reader:PCD 1')).getByRole('button', { name: 'Start run on reader:PCD 1' }) as HTMLButtonElement;
    expect(idle.disabled).toBe(true);
    fireEvent.click(within(rowOf('reader:PCD 0')).getByRole('button', { name: 'Start run on reader:PCD 0' }));
    await waitFor(() => expect(bridge.calls.find((c) => c.name === 'runs.start')?.input).toEqual({ deviceIds: ['pcsc:PCD 0'] }));
    fireEvent.click(within(rowOf('reader:PCD 0')).getByRole('button', { name: 'Inspect PCD 0 on reader:PCD 0' }));
    expect(go).toHaveBeenCalledWith('device', { deviceId: 'pcsc:PCD 0' });
  });

  it('stays quiet when notifications are denied', async () => {
    FakeNotification.permission = 'denied';
    renderBench();
    expect(await screen.findByText('Notifications blocked by the browser')).toBeDefined();
    act(() => bridge.progress(aRun(1, { state: 'failed', result: 'failed', errorCode: 'TRANSPORT_TIMEOUT', endedAtMs: 2, fraction: 1, etaMs: 0 })));
    await waitFor(() => expect(rowOf('sim-1').textContent).toContain('Failed'));
    expect(FakeNotification.shown).toEqual([]);
  });
});

describe('Bench operator mode', () => {
  it('shows big pass/fail tiles, keeps minimal controls, and remembers the mode', async () => {
    bridge.runs = [aRun(1, { state: 'done', result: 'done', endedAtMs: 1, fraction: 1, etaMs: 0 }), aRun(2, { state: 'failed', result: 'failed', errorCode: 'DEVICE_DISCONNECTED', endedAtMs: 1, fraction: 1, etaMs: 0 })];
    renderBench();
    fireEvent.click(screen.getByRole('button', { name: 'Operator' }));
    expect(window.localStorage.getItem('bootbench.mode')).toBe('operator');
    expect(await screen.findByRole('article', { name: 'sim-1: PASS' })).toBeDefined();
    const failed = screen.getByRole('article', { name: 'sim-2: FAIL' });
    expect(failed.textContent).toContain('Device disconnected');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add simulated handset' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel all' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Start all' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Operator' }).getAttribute('aria-pressed')).toBe('true');
    cleanup();
    renderBench();
    expect(await screen.findByRole('article', { name: 'sim-1: PASS' })).toBeDefined();
    act(() => bridge.progress(aRun(1, { state: 'bootstrapping', fraction: 0.5, etaMs: 1000, endedAtMs: null, result: null })));
    expect(await screen.findByRole('progressbar', { name: 'Run progress on sim-1' })).toBeDefined();
    expect(screen.getByRole('article', { name: 'sim-1: BOOTSTRAPPING' })).toBeDefined();
  });
});
