// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { InteractionPrompt } from '../../../src-shared/ipc/areas/interaction.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { InteractionPrompts } from '../../../src-renderer/features/interaction/interaction-prompts.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';

const prompt = (id: string, extra: Partial<InteractionPrompt> = {}): InteractionPrompt => ({
  id,
  deviceId: DeviceId.parse('simulated:sim-1'),
  slot: 'sim-1',
  serverId: 'dm.operator.test',
  serverOrigin: 'https://dm.operator.test',
  title: 'Firmware update',
  question: 'Install 7.1.3 tonight?',
  choices: ['Install', 'Later'],
  fields: [],
  requestedAtMs: 1_795_000_000_000,
  deadlineMs: 1_795_000_300_000,
  state: 'pending',
  ...extra,
});

function station(listed: InteractionPrompt[] = [], refuse?: ProvisioningError) {
  const bridge = new ScriptedBridge({
    'interaction.list': () => listed,
    'interaction.answer': ({ id }) => {
      if (refuse !== undefined) throw refuse;
      return { ...prompt(id), state: 'answered', answerStatus: 200 };
    },
    'interaction.cancel': ({ id }) => ({ ...prompt(id), state: 'cancelled' }),
  });
  render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <button type="button">Outside</button>
      <InteractionPrompts />
    </BridgeProvider>,
  );
  return bridge;
}

afterEach(cleanup);

describe('InteractionPrompts', () => {
  it('shows a requested prompt as a modal dialog with focus inside, and posts the chosen answer', async () => {
    const outside = station();
    const before = screen.getByRole('button', { name: 'Outside' });
    before.focus();
    act(() => outside.emit('interaction.requested', prompt('p1')));
    const dialog = await screen.findByRole('dialog', { name: 'Firmware update' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('Install 7.1.3 tonight?')).toBeDefined();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Install' }));
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(outside.inputsOf('interaction.answer')).toEqual([{ id: 'p1', choice: 'Later' }]);
    expect(screen.getByTestId('interaction-status').textContent).toBe('Answer sent to dm.operator.test.');
    expect(document.activeElement).toBe(before);
  });

  it('Escape dismisses (cancel, nothing answered); Tab stays inside the dialog', async () => {
    const bridge = station([prompt('p2')]);
    const dialog = await screen.findByRole('dialog', { name: 'Firmware update' });
    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    dismiss.focus();
    fireEvent.keyDown(dismiss, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Install' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(dismiss);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.inputsOf('interaction.cancel')).toEqual([{ id: 'p2' }]);
    expect(bridge.inputsOf('interaction.answer')).toEqual([]);
  });

  it('sends the fields the page asks for, one prompt at a time', async () => {
    const bridge = station([prompt('p3', { title: 'Sign in', choices: ['Sign in'], fields: [{ name: 'user', label: 'User name', kind: 'text' }, { name: 'pin', label: 'PIN', kind: 'password' }] }), prompt('p4')]);
    await screen.findByRole('dialog', { name: 'Sign in' });
    expect(screen.getByText(/1 more waiting/)).toBeDefined();
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'tech7' } });
    fireEvent.change(screen.getByLabelText('PIN'), { target: { value: '2468' } });
    expect(screen.getByLabelText('PIN').getAttribute('type')).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('dialog', { name: 'Firmware update' })).toBeDefined();
    expect(bridge.inputsOf('interaction.answer')).toEqual([{ id: 'p3', choice: 'Sign in', fields: { user: 'tech7', pin: '2468' } }]);
  });

  it('keeps the prompt and explains a refused answer; a settled event (expired) closes it', async () => {
    const bridge = station([], new ProvisioningError('DEVICE_DISCONNECTED', 'the server could not be reached', { retryable: true }));
    act(() => bridge.emit('interaction.requested', prompt('p5')));
    fireEvent.click(await screen.findByRole('button', { name: 'Install' }));
    expect(await screen.findByRole('alert')).toBeDefined();
    expect(screen.getByRole('dialog', { name: 'Firmware update' })).toBeDefined();
    act(() => bridge.emit('interaction.settled', prompt('p5', { state: 'expired' })));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('interaction-status').textContent).toContain('Nobody answered in time');
  });
});
