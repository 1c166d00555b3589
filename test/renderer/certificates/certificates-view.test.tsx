// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import type { CaEntry, IssuedRecord } from '../../../src-shared/pki/registry-record.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { CertificatesView } from '../../../src-renderer/features/certificates/certificates-view.js';
import { ScriptedBridge, type Script } from './scripted-bridge.js';

const caEntry: CaEntry = {
  id: '0123456789abcdef',
  state: 'active',
  subject: 'CN=Line 3 CA',
  key: { kind: 'ec', curve: 'P-256' },
  fingerprintSha256: 'a'.repeat(64),
  notAfter: '2036-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  retiredAt: null,
  protector: 'passphrase-scrypt',
};
const record: IssuedRecord = {
  serialHex: '0f'.repeat(16),
  fingerprintSha256: 'b'.repeat(64),
  deviceId: '356938035643809',
  subject: 'CN=356938035643809',
  profileVersion: null,
  keySource: 'device-csr',
  key: { kind: 'ec', curve: 'P-256' },
  issuedAt: '2026-11-24T12:00:00.000Z',
  notAfter: '2027-11-24T12:00:00.000Z',
  caFingerprintSha256: 'a'.repeat(64),
};

/** A station with a CA that is `initialized` / `unlocked` as given, and a small registry. */
function station(state: { initialized: boolean; unlocked: boolean; issued: IssuedRecord[] }, extra: Script = {}): ScriptedBridge {
  const status = (): Output<'ca.status'> => ({ initialized: state.initialized, active: state.initialized ? caEntry : null, retired: [], issuedCount: state.issued.length, unlocked: state.unlocked });
  return new ScriptedBridge({
    'ca.status': status,
    'certs.issued': () => state.issued,
    'ca.init': () => {
      state.initialized = state.unlocked = true;
      return caEntry;
    },
    'ca.unlock': ({ passphrase }) => {
      if (passphrase !== 'correct horse') throw new ProvisioningError('AUTH_FAILED', 'Wrong passphrase for the station CA');
      state.unlocked = true;
      return { unlocked: true, caId: caEntry.id };
    },
    'ca.issue': ({ deviceId }) => {
      const r = { ...record, deviceId };
      state.issued = [r, ...state.issued];
      return { record: r, certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
    },
    ...extra,
  });
}

function renderView(bridge: ScriptedBridge) {
  return render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <CertificatesView />
    </BridgeProvider>,
  );
}

afterEach(cleanup);

describe('CertificatesView', () => {
  it('creates a CA: refuses differing passphrases locally, then sends the passphrase once and clears it', async () => {
    const bridge = station({ initialized: false, unlocked: false, issued: [] });
    renderView(bridge);
    expect(await screen.findByText(/No station CA yet/)).toBeDefined();
    const form = screen.getByRole('form', { name: 'Create the station CA' });
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'correct horse' } });
    fireEvent.change(within(form).getByLabelText('Repeat passphrase'), { target: { value: 'correct hors' } });
    fireEvent.submit(form);
    expect((await screen.findByRole('alert')).textContent).toContain('differ');
    expect(bridge.inputsOf('ca.init')).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Repeat passphrase'), { target: { value: 'correct horse' } });
    fireEvent.submit(form);
    expect(await screen.findByText('Active, unlocked for this session')).toBeDefined();
    expect(bridge.inputsOf('ca.init')).toEqual([{ passphrase: 'correct horse', subject: 'CN=Bootbench Station CA' }]);
    expect(screen.queryByRole('form', { name: /station CA/ })).toBeNull();
    expect(document.body.textContent).not.toContain('correct horse');
  });

  it('shows a wrong passphrase through the catalog with its action, and unlocks with the right one', async () => {
    const bridge = station({ initialized: true, unlocked: false, issued: [] });
    renderView(bridge);
    const form = await screen.findByRole('form', { name: 'Unlock the station CA' });
    expect(screen.getByRole('button', { name: 'Issue certificate' }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'wrong passphrase' } });
    fireEvent.submit(form);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not authorised');
    expect(alert.textContent).toContain('Wrong passphrase for the station CA.');
    expect(alert.textContent).toContain('check the credentials');
    expect((within(form).getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
    fireEvent.change(within(form).getByLabelText('Passphrase'), { target: { value: 'correct horse' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Issue certificate' }).hasAttribute('disabled')).toBe(false));
  });

  it('issues from a pasted CSR and the new certificate joins the issued list', async () => {
    const bridge = station({ initialized: true, unlocked: true, issued: [] });
    renderView(bridge);
    expect(await screen.findByText('No certificates issued yet.')).toBeDefined();
    const form = screen.getByRole('form', { name: 'Issue a device certificate' });
    fireEvent.change(within(form).getByLabelText('Certificate request (CSR, PEM)'), { target: { value: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----' } });
    fireEvent.change(within(form).getByLabelText('Device id (IMEI or serial)'), { target: { value: ' 490154203237518 ' } });
    fireEvent.change(within(form).getByLabelText('Validity (days)'), { target: { value: '30' } });
    fireEvent.submit(form);
    expect(await screen.findByRole('rowheader', { name: '490154203237518' })).toBeDefined();
    expect(bridge.inputsOf('ca.issue')[0]).toMatchObject({ deviceId: '490154203237518', validityDays: 30 });
    expect(screen.getByText(/Issued serial/).textContent).toContain(record.serialHex);
    expect((screen.getByLabelText('Certificate (PEM)') as HTMLTextAreaElement).value).toContain('BEGIN CERTIFICATE');
  });

  it('inspects pasted text and shows every check with its explanation', async () => {
    const report: Output<'certs.inspect'> = {
      ok: true,
      report: {
        encoding: 'pem',
        items: [{ kind: 'csr', csr: { subject: 'CN=dev', key: { kind: 'ec', curve: 'P-256' }, subjectAltNames: [], signatureValid: true, publicKeySha256: 'c'.repeat(64) } }],
        checks: [{ code: 'csr-signature', passed: false, subject: 'CN=dev', explanation: 'The CSR signature does not verify' }],
      },
    };
    const bridge = station({ initialized: true, unlocked: true, issued: [record] }, { 'certs.inspect': () => report });
    renderView(bridge);
    const form = await screen.findByRole('form', { name: 'Inspect pasted text' });
    fireEvent.change(within(form).getByLabelText(/Paste a certificate/), { target: { value: 'PEM here' } });
    fireEvent.submit(form);
    const result = await screen.findByText(/PEM input: 1 object/);
    expect(result.textContent).toContain('1 check(s) failed');
    expect(screen.getByRole('list', { name: 'Checks' }).textContent).toContain('Failed: The CSR signature does not verify');
    expect(bridge.inputsOf('certs.inspect')).toEqual([{ text: 'PEM here' }]);
  });

  it('reads a chosen file as bytes and sends them as base64; a refusal is shown with its explanation', async () => {
    const bridge = station({ initialized: true, unlocked: true, issued: [] }, { 'certs.inspect': () => ({ ok: false, refusal: { code: 'unrecognised', explanation: 'Not PEM, DER, base64, hex or PKCS#12' } }) });
    renderView(bridge);
    const input = await screen.findByLabelText(/Or drop a file here/);
    const bytes = new Uint8Array([0x30, 0x82, 0x00, 0xff]);
    fireEvent.change(input, { target: { files: [new File([bytes], 'device.der')] } });
    expect((await screen.findByText(/Not recognised/)).textContent).toContain('unrecognised');
    expect(screen.getByText('Not PEM, DER, base64, hex or PKCS#12')).toBeDefined();
    expect(bridge.inputsOf('certs.inspect')).toEqual([{ base64: 'MIIA/w==' }]);
  });

  it('explains a status failure through the catalog', async () => {
    const bridge = station({ initialized: false, unlocked: false, issued: [] }, {
      'ca.status': () => {
        throw new ProvisioningError('NOT_FOUND', 'This station has no data directory, so it has no CA');
      },
    });
    renderView(bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not found');
    expect(alert.textContent).toContain('Refresh the view');
  });
});
