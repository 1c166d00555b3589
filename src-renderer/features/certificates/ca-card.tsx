import { useId, useState, type FormEvent } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';

/** Props of {@link CaCard}. */
export interface CaCardProps {
  readonly status: Output<'ca.status'> | undefined;
  /** Called after init or unlock so the view reloads the status. */
  readonly onChanged: () => void;
}

/** The station CA: its status, and the form to create it or unlock it for this station run. */
export function CaCard({ status, onChanged }: CaCardProps) {
  const bridge = useBridge();
  const action = useAction();
  const ids = useId();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [subject, setSubject] = useState('CN=Bootbench Station CA');
  const [mismatch, setMismatch] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (status === undefined) return;
    const creating = !status.initialized;
    if (creating && passphrase !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const done = await action.run(async (): Promise<true> => {
      if (creating) await bridge.call('ca.init', { passphrase, subject });
      else await bridge.call('ca.unlock', { passphrase });
      return true;
    });
    // The passphrase leaves the renderer's state as soon as it was sent.
    setPassphrase('');
    setConfirm('');
    if (done !== undefined) {
      setAnnouncement(creating ? 'Station CA created and unlocked' : 'Station CA unlocked');
      onChanged();
    }
  };

  const active = status?.active ?? null;
  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Station CA</h3>
      {status === undefined ? (
        <p className="muted" aria-busy="true">
          Reading the CA status…
        </p>
      ) : active === null ? (
        <p>No station CA yet. Create one to issue device certificates.</p>
      ) : (
        <dl className="facts">
          <dt>Subject</dt>
          <dd>{active.subject}</dd>
          <dt>State</dt>
          <dd>{status.unlocked ? 'Active, unlocked for this session' : 'Active, locked'}</dd>
          <dt>Valid until</dt>
          <dd>
            <time dateTime={active.notAfter}>{active.notAfter.slice(0, 10)}</time>
          </dd>
          <dt>SHA-256</dt>
          <dd className="mono wrap">{active.fingerprintSha256}</dd>
          <dt>Issued</dt>
          <dd>{status.issuedCount} certificate(s)</dd>
          {status.retired.length > 0 && (
            <>
              <dt>Retired CAs</dt>
              <dd>{status.retired.length} (still trusted)</dd>
            </>
          )}
        </dl>
      )}
      {status !== undefined && !status.unlocked && (
        <form className="form" onSubmit={(e) => void submit(e)} aria-label={status.initialized ? 'Unlock the station CA' : 'Create the station CA'}>
          {!status.initialized && (
            <label>
              <span>CA name</span>
              <input type="text" value={subject} onChange={(e) => setSubject(e.target.value)} required minLength={3} maxLength={200} />
            </label>
          )}
          <label>
            <span>Passphrase</span>
            <input type="password" autoComplete={status.initialized ? 'current-password' : 'new-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required minLength={8} maxLength={1024} />
          </label>
          {!status.initialized && (
            <label>
              <span>Repeat passphrase</span>
              <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required minLength={8} aria-invalid={mismatch} aria-describedby={mismatch ? `${ids}-mismatch` : undefined} />
            </label>
          )}
          {mismatch && (
            <p id={`${ids}-mismatch`} className="field-error" role="alert">
              The two passphrases differ.
            </p>
          )}
          <button type="submit" disabled={action.busy}>
            {status.initialized ? 'Unlock CA' : 'Create CA'}
          </button>
        </form>
      )}
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
