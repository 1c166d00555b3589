// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { IssuedRecord } from '../../../src-shared/pki/registry-record.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { CertificatesView } from '../../../src-renderer/features/certificates/certificates-view.js';
import { PushForm } from '../../../src-renderer/features/certificates/push-form.js';
import { aDevice } from '../support/fake-bridge.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';

const device = aDevice(3);
const record: IssuedRecord = {
  serialHex: '1a'.repeat(16),
  fingerprintSha256: 'b'.repeat(64),
  deviceId: device.identity.imei!,
  subject: `CN=${device.identity.imei!}`,
  profileVersion: null,
  keySource: 'station-generated',
  key: { kind: 'ec', curve: 'P-256' },
  issuedAt: '2026-11-24T12:00:00.000Z',
  notAfter: '2027-11-24T12:00:00.000Z',
  caFingerprintSha256: 'a'.repeat(64),
};

function renderForm(bridge: ScriptedBridge, enabled = true) {
  let pushed = 0;
  render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <PushForm enabled={enabled} onPushed={() => pushed++} />
    </BridgeProvider>,
  );
  return () => pushed;
}

async function pick(form: HTMLElement) {
  const select = within(form).getByLabelText('Connected handset') as HTMLSelectElement;
  await waitFor(() => expect(select.disabled).toBe(false));
  fireEvent.change(select, { target: { value: device.id } });
}

afterEach(cleanup);

describe('PushForm (Certificates)', () => {
  it('pushes to a picked handset, shows each step as it happens and the result', async () => {
    const bridge: ScriptedBridge = new ScriptedBridge({
      'devices.list': () => [device],
      'certs.push': ({ deviceId, account }) => {
        for (const step of ['line-open', 'identified', 'link-up', 'session', 'issued', 'delivered', 'done'] as const) bridge.emit('certPush.progressed', { deviceId, step });
        bridge.emit('certPush.progressed', { deviceId: aDevice(9).id, step: 'failed' }); // another device's push: not shown
        return { deviceId, accountUri: `urn:oma:mo:oma-dm-dmacc:1.2/${account}/`, record, anchors: 1, durationMs: 840 };
      },
    });
    const pushed = renderForm(bridge);
    const form = screen.getByRole('form', { name: 'Push a certificate to a device' });
    await pick(form);
    fireEvent.change(within(form).getByLabelText(/DM account/), { target: { value: 'enterprise' } });
    fireEvent.submit(form);
    expect((await screen.findByText(/Pushed serial/)).textContent).toContain(record.serialHex);
    expect(screen.getByText(/urn:oma:mo:oma-dm-dmacc:1.2\/enterprise\/Auth\/Trsp/)).toBeDefined();
    const steps = within(screen.getByRole('list', { name: 'Push progress' })).getAllByRole('listitem');
    expect(steps.map((s) => s.getAttribute('data-step'))).toEqual(['line-open', 'identified', 'link-up', 'session', 'issued', 'delivered', 'done']);
    expect(bridge.inputsOf('certs.push')).toEqual([{ deviceId: device.id, account: 'enterprise', validityDays: 365 }]);
    expect(pushed()).toBe(1);
  });

  it('a device that refuses is explained through the error catalog; a locked CA disables the push', async () => {
    const bridge = new ScriptedBridge({
      'devices.list': () => [device],
      'certs.push': () => {
        throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device refused the certificate (deliver, status 403)');
      },
    });
    renderForm(bridge);
    const form = screen.getByRole('form', { name: 'Push a certificate to a device' });
    await pick(form);
    fireEvent.submit(form);
    expect((await screen.findByRole('alert')).textContent).toContain('status 403');
    cleanup();
    renderForm(new ScriptedBridge({ 'devices.list': () => [device] }), false);
    await pick(screen.getByRole('form', { name: 'Push a certificate to a device' }));
    expect(screen.getByRole('button', { name: 'Issue and push' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Create or unlock the station CA first.')).toBeDefined();
  });

  it('the issued list offers a new push to a connected handset: the form picks it and takes the focus', async () => {
    const other = { ...record, serialHex: '2b'.repeat(16), deviceId: '490154203237518' };
    const bridge = new ScriptedBridge({
      'ca.status': () => ({ initialized: true, active: null, retired: [], issuedCount: 2, unlocked: true }),
      'certs.issued': () => [record, other, { ...record, serialHex: '3c'.repeat(16), deviceId: 'lab-unit-7' }],
      'devices.list': () => [device],
    });
    render(
      <BridgeProvider client={new BridgeClient(bridge)}>
        <CertificatesView />
      </BridgeProvider>,
    );
    const table = await screen.findByRole('table', { name: 'Issued certificates' });
    expect(within(table).getAllByRole('button', { name: /Push a new certificate/ })).toHaveLength(2); // not for a non-IMEI id
    fireEvent.click(within(table).getByRole('button', { name: `Push a new certificate to ${record.deviceId}` }));
    const picker = screen.getByLabelText('Connected handset') as HTMLSelectElement;
    await waitFor(() => expect(picker.value).toBe(device.id));
    expect(document.activeElement).toBe(picker);
    fireEvent.click(within(table).getByRole('button', { name: 'Push a new certificate to 490154203237518' }));
    expect(await screen.findByText('No handset with IMEI 490154203237518 is connected.')).toBeDefined();
  });
});
