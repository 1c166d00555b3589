// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../src-shared/errors/index.js';
import { BridgeProvider } from '../../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../../src-renderer/bridge/client.js';
import { BenchView } from '../../../../src-renderer/features/bench/bench-view.js';
import { aDevice, FakeBridge } from '../../support/fake-bridge.js';

let bridge: FakeBridge;

function renderBench() {
  return render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <BenchView />
    </BridgeProvider>,
  );
}

const rowOf = (slot: string) => screen.queryByRole('rowheader', { name: slot })?.closest('tr') ?? null;

beforeEach(() => {
  bridge = new FakeBridge();
  bridge.devices = [aDevice(1)];
});
afterEach(cleanup);

describe('BenchView', () => {
  it('lists devices with slot, label, connection, IMEI and attach time', async () => {
    renderBench();
    const row = await screen.findByRole('row', { name: /sim-1/ });
    expect(within(row).getByText('Simulated handset 1')).toBeDefined();
    expect(within(row).getByText('Simulated')).toBeDefined();
    expect(row.textContent).toContain(`IMEI ${aDevice(1).identity.imei!}`);
    expect(within(row).getByText((_, el) => el?.tagName === 'TIME').getAttribute('dateTime')).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it('shows an empty state when nothing is attached', async () => {
    bridge.devices = [];
    renderBench();
    expect(await screen.findByRole('heading', { name: 'No devices attached' })).toBeDefined();
  });

  it('updates live on attach and detach events and announces them', async () => {
    renderBench();
    await screen.findByRole('row', { name: /sim-1/ });
    act(() => bridge.plug(aDevice(7, { transport: 'serial', kind: 'unknown', slot: '/dev/ttyUSB0', label: 'Modem', identity: {} })));
    expect(rowOf('/dev/ttyUSB0')).not.toBeNull();
    expect(screen.getByTestId('bench-announcer').textContent).toBe('Modem attached on /dev/ttyUSB0');
    expect(within(rowOf('/dev/ttyUSB0')!).queryByRole('button')).toBeNull();
    act(() => bridge.unplug(aDevice(1).id));
    expect(rowOf('sim-1')).toBeNull();
    expect(screen.getByTestId('bench-announcer').textContent).toBe('Simulated handset 1 detached from sim-1');
  });

  it('shows a port as identifying, then its identity and the slot name the user gave it', async () => {
    renderBench();
    await screen.findByRole('row', { name: /sim-1/ });
    const port = aDevice(8, { transport: 'serial', kind: 'unknown', slot: '/dev/ttyACM0', label: '/dev/ttyACM0', identity: {}, identification: 'pending' });
    act(() => bridge.plug(port));
    expect(rowOf('/dev/ttyACM0')!.textContent).toContain('identifying…');
    act(() => bridge.plug({ ...port, kind: 'modem', label: 'Acme LTE', identification: 'at', slotName: 'Bay 2', identity: { imei: '490154203237518' } }));
    const row = rowOf('Bay 2 (/dev/ttyACM0)')!;
    expect(row.textContent).toContain('modem');
    expect(row.textContent).toContain('IMEI 490154203237518');
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('bench-announcer').textContent).toBe('Acme LTE updated on Bay 2');
  });

  it('adds and unplugs simulated handsets through the contract', async () => {
    renderBench();
    await screen.findByRole('row', { name: /sim-1/ });
    fireEvent.click(screen.getByRole('button', { name: 'Add simulated handset' }));
    await screen.findByRole('row', { name: /sim-100/ });
    expect(bridge.calls.map((c) => c.name)).toContain('simulator.attach');
    fireEvent.click(screen.getByRole('button', { name: 'Unplug Simulated handset 100' }));
    await act(async () => undefined);
    expect(rowOf('sim-100')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add simulated handset' }));
    expect(bridge.calls.at(-1)).toEqual({ name: 'simulator.detach', input: { deviceId: 'simulated:sim-100' } });
  });

  it('shows a refused action with the catalog text and lets the user dismiss it', async () => {
    renderBench();
    await screen.findByRole('row', { name: /sim-1/ });
    bridge.failNext = new ProvisioningError('DEVICE_NOT_FOUND', 'No device simulated:sim-1 is attached');
    fireEvent.click(screen.getByRole('button', { name: 'Unplug Simulated handset 1' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Device not found');
    expect(alert.textContent).toContain('Check the cable');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('disables actions while disconnected and re-lists on reconnect', async () => {
    renderBench();
    await screen.findByRole('row', { name: /sim-1/ });
    act(() => bridge.setStatus({ kind: 'disconnected', retryInMs: 500 }));
    expect((screen.getByRole('button', { name: 'Add simulated handset' }) as HTMLButtonElement).disabled).toBe(true);
    bridge.devices = [aDevice(1), aDevice(2)];
    const listsBefore = bridge.calls.filter((c) => c.name === 'devices.list').length;
    act(() => bridge.setStatus({ kind: 'connected' }));
    await screen.findByRole('row', { name: /sim-2/ });
    expect(bridge.calls.filter((c) => c.name === 'devices.list').length).toBe(listsBefore + 1);
    expect((screen.getByRole('button', { name: 'Add simulated handset' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
