import { useCallback, useRef, useState } from 'react';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { useBridge, useConnectionStatus } from '../../bridge/bridge-context.js';
import { messageFor } from '../../lib/error-messages.js';
import { DeviceTable } from './device-table.js';
import { useDevices } from './use-devices.js';

/** The Bench: every attached device, live, with the simulated-handset controls. */
export function BenchView() {
  const bridge = useBridge();
  const status = useConnectionStatus();
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const reportError = useCallback((e: ProvisioningError) => setError(e), []);
  const { devices, announcement } = useDevices(reportError);
  const connected = status.kind === 'connected';
  const addButton = useRef<HTMLButtonElement>(null);

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      if (e instanceof ProvisioningError && e.code !== 'CANCELLED') setError(e);
      else if (!(e instanceof ProvisioningError)) setError(new ProvisioningError('INTERNAL', 'Unexpected error in the Bench'));
    }
  };

  const addSimulated = () =>
    run(async () => {
      setAdding(true);
      try {
        await bridge.call('simulator.attach', {});
      } finally {
        setAdding(false);
      }
    });

  const unplug = (device: DeviceSummary) =>
    run(async () => {
      setBusyIds((s) => new Set(s).add(device.id));
      try {
        await bridge.call('simulator.detach', { deviceId: device.id });
        // The row (and the focused button in it) goes away: keep keyboard users on the Bench.
        addButton.current?.focus();
      } finally {
        setBusyIds((s) => {
          const next = new Set(s);
          next.delete(device.id);
          return next;
        });
      }
    });

  const text = error === undefined ? undefined : messageFor(error.code);
  return (
    <section className="bench" aria-labelledby="bench-title">
      <div className="view-header">
        <h2 id="bench-title">Bench</h2>
        <button ref={addButton} type="button" onClick={() => void addSimulated()} disabled={!connected || adding}>
          Add simulated handset
        </button>
      </div>
      {error !== undefined && text !== undefined && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{text.title}</p>
          <p>
            {error.message}. {text.action}
          </p>
          <button type="button" className="button-secondary" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="bench-announcer">
        {announcement}
      </p>
      {devices === undefined ? (
        <p className="muted" aria-busy="true">
          Looking for devices…
        </p>
      ) : devices.length === 0 ? (
        <div className="empty-state">
          <h3>No devices attached</h3>
          <p>Plug a handset or modem into a serial port, or add a simulated handset to try the Bench.</p>
        </div>
      ) : (
        <DeviceTable devices={devices} onUnplug={(d) => void unplug(d)} busyIds={busyIds} canAct={connected} />
      )}
    </section>
  );
}
