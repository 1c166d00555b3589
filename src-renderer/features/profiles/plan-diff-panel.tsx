import { useId, useState } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { DevicePicker } from './device-picker.js';

type PlanDiff = Output<'profiles.planDiff'>;
type Node = Extract<PlanDiff, { ok: true }>['diff']['nodes'][number];

const SIGN = { added: '+', removed: '−', changed: '~' } as const;
const TREE_SOURCE = { live: "the device's live tree", 'factory-prediction': 'the factory tree predicted from its identity (its tree could not be read over the line)', empty: 'an empty tree (the device gave no IMEI)' } as const;

function nodeText(n: Node): string {
  if (n.kind === 'changed') return `${n.before ?? ''} → ${n.after ?? ''}`;
  return (n.kind === 'added' ? n.after : n.before) ?? '';
}

/** The plan compiled for a connected device and its diff against the device's tree (secrets arrive masked). */
export function PlanDiffPanel({ name, version }: { readonly name: string; readonly version: string | undefined }) {
  const bridge = useBridge();
  const ids = useId();
  const action = useAction();
  const [deviceId, setDeviceId] = useState<DeviceId | undefined>(undefined);
  const [result, setResult] = useState<PlanDiff | undefined>(undefined);

  const show = async () => {
    if (deviceId === undefined || version === undefined) return;
    setResult(await action.run(() => bridge.call('profiles.planDiff', { name, version, deviceId })));
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Plan diff against a device</h3>
      <div className="form form-inline">
        <DevicePicker label="Device on the bench" value={deviceId} onChange={setDeviceId} />
        <button type="button" onClick={() => void show()} disabled={deviceId === undefined || version === undefined || action.busy}>
          Show plan diff
        </button>
      </div>
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      <div aria-live="polite" aria-busy={action.busy}>
        {result?.ok === false && (
          <div className="notice notice-error">
            <p className="notice-title">This profile has no plan for the device</p>
            <ul>
              {result.issues.map((i) => (
                <li key={`${i.code}${i.pointer}${i.message}`}>
                  <span className="mono">{i.pointer}</span> {i.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result?.ok === true && (
          <div className="plan-diff">
            <p>
              Version {result.profile.label} for {result.device.model ?? 'the device'} {result.device.imei === undefined ? '' : `(IMEI ${result.device.imei})`}, compared with {TREE_SOURCE[result.currentTree]}.
            </p>
            <dl className="facts">
              <dt>New instances</dt>
              <dd className="mono">{result.diff.added.join(', ') || 'none'}</dd>
              <dt>Replaced instances</dt>
              <dd className="mono">{result.diff.changed.join(', ') || 'none'}</dd>
              <dt>Unchanged</dt>
              <dd className="mono">{result.diff.unchanged.join(', ') || 'none'}</dd>
              <dt>Credentials</dt>
              <dd>{result.credentials.join('; ') || 'none'}</dd>
            </dl>
            {result.diff.nodes.length === 0 ? (
              <p className="muted">No changes: the device already holds every planned instance.</p>
            ) : (
              <table className="data-table diff-table">
                <caption className="visually-hidden">Node changes</caption>
                <thead>
                  <tr>
                    <th scope="col">Change</th>
                    <th scope="col">Instance</th>
                    <th scope="col">Node</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {result.diff.nodes.map((n) => (
                    <tr key={`${n.instance}/${n.path}`} data-kind={n.kind}>
                      <td>
                        <span aria-hidden="true">{SIGN[n.kind]} </span>
                        {n.kind}
                      </td>
                      <td className="mono">{n.instance}</td>
                      <td className="mono">{n.path}</td>
                      <td className="mono">{nodeText(n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {result.warnings.length > 0 && (
              <ul>
                {result.warnings.map((w) => (
                  <li key={`${w.pointer}${w.message}`}>
                    <span className="mono">{w.pointer}</span> {w.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
