// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/app/app.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { aDevice, FakeBridge } from '../support/fake-bridge.js';

function renderApp(bridge: FakeBridge) {
  return render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <App />
    </BridgeProvider>,
  );
}

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset['theme'];
  window.localStorage.clear();
});

describe('App shell', () => {
  it('has landmarks, a current view in the nav and the connection status', async () => {
    const bridge = new FakeBridge();
    bridge.devices = [aDevice(1)];
    renderApp(bridge);
    expect(screen.getByRole('banner')).toBeDefined();
    expect(screen.getByRole('main')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Bench' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('status').textContent).toContain('Connected');
    await screen.findByRole('row', { name: /sim-1/ });
    act(() => bridge.setStatus({ kind: 'disconnected', retryInMs: 1000 }));
    expect(screen.getByRole('status').textContent).toContain('Reconnecting');
  });

  it('replaces the view with a clear refusal when the station refuses the page', () => {
    const bridge = new FakeBridge();
    bridge.setStatus({ kind: 'refused', error: { code: 'AUTH_FAILED', message: 'The station token is not valid for this run', retryable: false } });
    renderApp(bridge);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not authorised');
    expect(alert.textContent).toContain('The station token is not valid for this run');
    expect(screen.queryByRole('button', { name: 'Add simulated handset' })).toBeNull();
  });

  it('switches theme and remembers the choice', () => {
    renderApp(new FakeBridge());
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } });
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(window.localStorage.getItem('bootbench.theme')).toBe('dark');
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'system' } });
    expect(document.documentElement.dataset['theme']).toBeUndefined();
  });
});
