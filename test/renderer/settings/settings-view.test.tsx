// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceId, type DeviceSummary } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { SettingsView } from '../../../src-renderer/features/settings/settings-view.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';

const device = (slot: string, slotName?: string): DeviceSummary => ({
  id: DeviceId.parse(`simulated:${slot}`),
  slot,
  label: 'Simulated handset',
  transport: 'simulated',
  kind: 'handset',
  identity: {},
  attachedAtMs: 1_700_000_000_000,
  ...(slotName === undefined ? {} : { slotName }),
});

function station() {
  let settings: Output<'settings.get'> = { concurrency: 4, storage: { kind: 'sqlite' }, autoRun: false };
  const bridge = new ScriptedBridge({
    'devices.list': () => [device('sim-1'), device('sim-2', 'Bay 2')],
    'slots.rename': ({ slot, name }) => {
      const named = name === '' ? null : name;
      queueMicrotask(() => bridge.emit('device.attached', device(slot, named ?? undefined)));
      return { slot, name: named };
    },
    'settings.get': () => settings,
    'settings.set': (update) => {
      if (update.storage?.kind === 'postgres' && update.storage.connectionString.includes(':secret@')) {
        throw new ProvisioningError('INVALID_REQUEST', 'Leave the password out of the connection string; put it in $PGPASSWORD or ~/.pgpass on the station');
      }
      settings = { ...settings, ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)) };
      return settings;
    },
  });
  return bridge;
}

const renderView = (bridge: ScriptedBridge) =>
  render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <SettingsView />
    </BridgeProvider>,
  );

afterEach(cleanup);

describe('SettingsView', () => {
  it('lists slots with their names and renames one', async () => {
    const bridge = station();
    renderView(bridge);
    const form = await screen.findByRole('form', { name: 'Name of slot sim-1' });
    expect((within(screen.getByRole('form', { name: 'Name of slot sim-2' })).getByLabelText('sim-2') as HTMLInputElement).value).toBe('Bay 2');
    fireEvent.change(within(form).getByLabelText('sim-1'), { target: { value: '  Bay 1 ' } });
    fireEvent.submit(form);
    await waitFor(() => expect(document.body.textContent).toContain('sim-1 is now Bay 1'));
    expect(bridge.inputsOf('slots.rename')).toEqual([{ slot: 'sim-1', name: 'Bay 1' }]);
  });

  it('adds a slot that appears while the view is open', async () => {
    const bridge = station();
    renderView(bridge);
    await screen.findByRole('form', { name: 'Name of slot sim-1' });
    act(() => bridge.emit('device.attached', device('/dev/ttyUSB0')));
    expect(screen.getByRole('form', { name: 'Name of slot /dev/ttyUSB0' })).toBeDefined();
  });

  it('saves concurrency, auto-run and storage', async () => {
    const bridge = station();
    renderView(bridge);
    const form = await screen.findByRole('form', { name: 'Station settings' });
    fireEvent.change(within(form).getByLabelText('Devices provisioned at once'), { target: { value: '8' } });
    fireEvent.click(within(form).getByLabelText(/Start the selected profile/));
    fireEvent.click(within(form).getByLabelText(/PostgreSQL server/));
    fireEvent.change(within(form).getByLabelText('Connection string'), { target: { value: 'postgres://bb@db.local:5432/bb' } });
    fireEvent.submit(form);
    await waitFor(() => expect(document.body.textContent).toContain('Settings saved'));
    expect(bridge.inputsOf('settings.set')).toEqual([{ concurrency: 8, autoRun: true, storage: { kind: 'postgres', connectionString: 'postgres://bb@db.local:5432/bb' } }]);
  });

  it('explains a refused connection string with the catalog action', async () => {
    renderView(station());
    const form = await screen.findByRole('form', { name: 'Station settings' });
    fireEvent.click(within(form).getByLabelText(/PostgreSQL server/));
    fireEvent.change(within(form).getByLabelText('Connection string'), { target: { value: 'postgres://bb:secret@db.local/bb' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Request not accepted');
    expect(alert.textContent).toContain('$PGPASSWORD');
    expect(alert.textContent).toContain('Check the values you entered and try again.');
  });
});
