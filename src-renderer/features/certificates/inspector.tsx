import { useId, useState, type DragEvent, type FormEvent } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { bytesToBase64 } from '../../lib/download.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { InspectionResult } from './inspection-result.js';

/** Largest file the inspector sends (the contract's limit on base64 input is about 1 MB). */
export const MAX_INSPECT_BYTES = 1_000_000;

/** The inspector: paste anything (PEM, base64, hex) or drop/pick a file (DER, PKCS#12…), read here as bytes. */
export function Inspector() {
  const bridge = useBridge();
  const action = useAction();
  const ids = useId();
  const [text, setText] = useState('');
  const [password, setPassword] = useState('');
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<Output<'certs.inspect'> | undefined>(undefined);
  const [source, setSource] = useState('');

  const inspect = async (input: { text: string } | { base64: string }, label: string) => {
    const result = await action.run(() => bridge.call('certs.inspect', { ...input, ...(password === '' ? {} : { password }) }));
    if (result !== undefined) {
      setOutcome(result);
      setSource(label);
    }
  };

  const inspectFile = async (file: File | undefined) => {
    if (file === undefined) return;
    if (file.size > MAX_INSPECT_BYTES) {
      setOutcome({ ok: false, refusal: { code: 'too-large', explanation: `${file.name} is larger than 1 MB; credentials are much smaller` } });
      setSource(file.name);
      return;
    }
    await inspect({ base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }, file.name);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void inspect({ text }, 'pasted text');
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void inspectFile(e.dataTransfer.files[0]);
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Inspect a credential</h3>
      <form className="form" onSubmit={submit} aria-label="Inspect pasted text">
        <label>
          <span>Paste a certificate, key, CSR or chain (PEM, base64 or hex)</span>
          <textarea className="mono" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </label>
        <label>
          <span>Password (PKCS#12 or encrypted key, optional)</span>
          <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={1024} />
        </label>
        <button type="submit" disabled={action.busy}>
          Inspect
        </button>
      </form>
      <div
        className="drop-zone"
        data-dragging={dragging}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <label>
          <span>Or drop a file here, or choose one</span>
          <input type="file" onChange={(e) => void inspectFile(e.target.files?.[0])} />
        </label>
      </div>
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      <div aria-live="polite" data-testid="inspection">
        {outcome !== undefined && (
          <>
            <p className="visually-hidden">Inspection of {source}</p>
            <InspectionResult outcome={outcome} />
          </>
        )}
      </div>
    </section>
  );
}
