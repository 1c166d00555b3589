import { useId, useState, type FormEvent } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';

/** Props of {@link IssueForm}. */
export interface IssueFormProps {
  /** Issuing needs the unlocked CA. */
  readonly enabled: boolean;
  readonly onIssued: () => void;
}

/** Issues a device certificate from a pasted CSR; shows the certificate (never a private key). */
export function IssueForm({ enabled, onIssued }: IssueFormProps) {
  const bridge = useBridge();
  const action = useAction();
  const ids = useId();
  const [csr, setCsr] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [days, setDays] = useState('365');
  const [issued, setIssued] = useState<Output<'ca.issue'> | undefined>(undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(() => bridge.call('ca.issue', { csr, deviceId: deviceId.trim(), validityDays: Number(days) }));
    if (result !== undefined) {
      setIssued(result);
      onIssued();
    }
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Issue a device certificate</h3>
      {!enabled && <p className="muted">Create or unlock the station CA first.</p>}
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Issue a device certificate">
        <label>
          <span>Certificate request (CSR, PEM)</span>
          <textarea className="mono" rows={6} value={csr} onChange={(e) => setCsr(e.target.value)} required spellCheck={false} placeholder="-----BEGIN CERTIFICATE REQUEST-----" />
        </label>
        <label>
          <span>Device id (IMEI or serial)</span>
          <input type="text" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} required maxLength={200} />
        </label>
        <label>
          <span>Validity (days)</span>
          <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} required />
        </label>
        <button type="submit" disabled={!enabled || action.busy}>
          Issue certificate
        </button>
      </form>
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      <div aria-live="polite">
        {issued !== undefined && (
          <div className="notice notice-ok">
            <p className="notice-title">
              Issued serial <span className="mono">{issued.record.serialHex}</span> for {issued.record.deviceId}
            </p>
            <label>
              <span>Certificate (PEM)</span>
              <textarea className="mono" rows={6} readOnly value={issued.certificatePem} />
            </label>
          </div>
        )}
      </div>
    </section>
  );
}
