import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { Output, Payload } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { DevicePicker } from '../profiles/device-picker.js';

/** Props of {@link PushForm}. */
export interface PushFormProps {
  /** Issuing needs the unlocked CA. */
  readonly enabled: boolean;
  readonly onPushed: () => void;
  /** A request from the issued list: push a new certificate to the handset with this IMEI. */
  readonly pushTo?: { readonly imei: string; readonly n: number } | undefined;
}

const STEP_TEXT: Record<Payload<'certPush.progressed'>['step'], string> = {
  'line-open': 'Line open',
  identified: 'Device identified',
  'link-up': 'Link up',
  session: 'DM session open',
  issued: 'Certificate issued',
  delivered: 'Delivered into the tree',
  done: 'Done',
  failed: 'Failed',
};

/**
 * Issues a certificate for a connected handset (a station-generated key) and pushes it into a DMAcc
 * account's `Auth/Trsp` over the device's cable; the private key never reaches this view.
 */
export function PushForm({ enabled, onPushed, pushTo }: PushFormProps) {
  const bridge = useBridge();
  const action = useAction();
  const ids = useId();
  const [deviceId, setDeviceId] = useState<DeviceId | undefined>(undefined);
  const [account, setAccount] = useState('operator');
  const [days, setDays] = useState('365');
  const [steps, setSteps] = useState<Payload<'certPush.progressed'>[]>([]);
  const [pushed, setPushed] = useState<Output<'certs.push'> | undefined>(undefined);
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const onPreferred = useCallback((found: boolean) => setMissing(found ? undefined : pushTo?.imei), [pushTo]);

  useEffect(() => bridge.on('certPush.progressed', (p) => setSteps((s) => (p.deviceId === deviceId ? [...s, p] : s))), [bridge, deviceId]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (deviceId === undefined) return;
    setSteps([]);
    setPushed(undefined);
    const result = await action.run(() => bridge.call('certs.push', { deviceId, account: account.trim(), validityDays: Number(days) }));
    if (result !== undefined) {
      setPushed(result);
      onPushed();
    }
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Push a certificate to a device</h3>
      {!enabled && <p className="muted">Create or unlock the station CA first.</p>}
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Push a certificate to a device">
        <DevicePicker label="Connected handset" value={deviceId} onChange={setDeviceId} prefer={pushTo} onPreferred={onPreferred} />
        {missing !== undefined && <p className="muted">No handset with IMEI {missing} is connected.</p>}
        <label>
          <span>DM account (DMAcc instance the station bootstrapped)</span>
          <input type="text" value={account} onChange={(e) => setAccount(e.target.value)} required maxLength={64} pattern="[A-Za-z0-9_.\-]+" />
        </label>
        <label>
          <span>Validity (days)</span>
          <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} required />
        </label>
        <button type="submit" disabled={!enabled || deviceId === undefined || action.busy}>
          Issue and push
        </button>
      </form>
      {steps.length > 0 && (
        <ol className="push-steps" aria-label="Push progress">
          {steps.map((s, i) => (
            <li key={i} data-step={s.step}>
              {STEP_TEXT[s.step]}
              {s.detail === undefined ? '' : `: ${s.detail}`}
            </li>
          ))}
        </ol>
      )}
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      <div aria-live="polite">
        {pushed !== undefined && (
          <div className="notice notice-ok">
            <p className="notice-title">
              Pushed serial <span className="mono">{pushed.record.serialHex}</span> to {pushed.record.deviceId}
            </p>
            <p>
              Written into <span className="mono">{pushed.accountUri}Auth/Trsp</span> with {pushed.anchors} trust anchor{pushed.anchors === 1 ? '' : 's'} in {Math.round(pushed.durationMs)} ms.
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
