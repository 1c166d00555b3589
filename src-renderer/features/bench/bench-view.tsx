import { useCallback, useMemo, useRef, useState } from 'react';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { useMode } from '../../app/mode.js';
import { useNavigation } from '../../app/navigation.js';
import { useBridge, useConnectionStatus } from '../../bridge/bridge-context.js';
import { messageFor } from '../../lib/error-messages.js';
import type { RowActions } from './device-row.js';
import { DeviceTable } from './device-table.js';
import { OperatorTiles } from './operator-tiles.js';
import { RunControls } from './run-controls.js';
import { RunProfilePicker } from './run-profile-picker.js';
import { isActive, type RunTransitions } from './runs-state.js';
import { useDevices } from './use-devices.js';
import { useNotifications } from './use-notifications.js';
import { useRunProfile } from './use-run-profile.js';
import { useRuns } from './use-runs.js';
import './bench.css';

/** The Bench: every attached device, live, with its run (operator tiles or the engineer table). */
export function BenchView() {
  const bridge = useBridge();
  const status = useConnectionStatus();
  const { mode } = useMode();
  const navigation = useNavigation();
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const [runNews, setRunNews] = useState('');
  const reportError = useCallback((e: ProvisioningError) => setError(e), []);
  const { devices, announcement } = useDevices(reportError);
  const notifications = useNotifications();
  const onRunChange = useCallback(
    (t: RunTransitions) => {
      for (const run of t.failed) notifications.notify(`${run.slot} failed`, run.errorCode === null ? 'The run failed.' : `${messageFor(run.errorCode).title} (${run.errorCode})`);
      const last = t.ended[t.ended.length - 1];
      if (last !== undefined) setRunNews(`${last.slot}: ${last.result === 'failed' ? 'failed' : last.result === 'cancelled' ? 'cancelled' : 'passed'}`);
      if (t.batchDone) {
        const { passed, failed } = t.totals;
        notifications.notify('Batch done', `${passed} passed, ${failed} failed`);
        setRunNews(`Batch done: ${passed} passed, ${failed} failed`);
      }
    },
    [notifications],
  );
  const [runs, dispatchRuns] = useRuns(reportError, onRunChange);
  const runProfile = useRunProfile();
  const connected = status.kind === 'connected';
  const addButton = useRef<HTMLButtonElement>(null);

  const run = useCallback(async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      if (e instanceof ProvisioningError && e.code !== 'CANCELLED') setError(e);
      else if (!(e instanceof ProvisioningError)) setError(new ProvisioningError('INTERNAL', 'Unexpected error in the Bench'));
    }
  }, []);

  const addSimulated = () =>
    run(async () => {
      setAdding(true);
      try {
        await bridge.call('simulator.attach', {});
      } finally {
        setAdding(false);
      }
    });

  const actions = useMemo<RowActions>(
    () => ({
      onUnplug: (device: DeviceSummary) =>
        void run(async () => {
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
        }),
      onStart: (device) => void run(() => bridge.call('runs.start', { deviceIds: [device.id] })),
      onCancel: (device) => void run(() => bridge.call('runs.cancel', { deviceId: device.id })),
      onInspect: (device) => navigation.go('device', { deviceId: device.id }),
    }),
    [bridge, run, navigation],
  );

  const cancelAll = () =>
    void run(async () => {
      const active = (devices ?? []).filter((d) => isActive(runs.slots.get(d.slot)));
      await Promise.all(active.map((d) => bridge.call('runs.cancel', { deviceId: d.id })));
    });
  const setAutoRun = (enabled: boolean) =>
    void run(async () => {
      const saved = await bridge.call('settings.set', { autoRun: enabled });
      dispatchRuns({ type: 'autoRun', autoRun: saved.autoRun });
    });

  const chooseProfile = (value: string) =>
    void run(async () => {
      const at = value.indexOf('@');
      await runProfile.choose(at < 0 ? null : { name: value.slice(0, at), version: value.slice(at + 1) });
    });

  const text = error === undefined ? undefined : messageFor(error.code);
  const hasRuns = runs.concurrency !== undefined;
  return (
    <section className={`bench bench-${mode}`} aria-labelledby="bench-title">
      <div className="view-header">
        <h2 id="bench-title">Bench</h2>
        {mode === 'engineer' && (
          <button ref={addButton} type="button" onClick={() => void addSimulated()} disabled={!connected || adding}>
            Add simulated handset
          </button>
        )}
      </div>
      {hasRuns && (
        <RunControls
          mode={mode}
          runs={runs}
          canAct={connected}
          onStartAll={() => void run(() => bridge.call('runs.start', { all: true }))}
          onCancelAll={cancelAll}
          onRetryFailed={() => void run(() => bridge.call('runs.retryFailed', undefined))}
          onAutoRun={setAutoRun}
          notifications={notifications.permission}
          onEnableNotifications={() => void notifications.request()}
          profile={<RunProfilePicker mode={mode} canAct={connected} state={runProfile} onChoose={chooseProfile} />}
        />
      )}
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
      <p className="visually-hidden" aria-live="polite" data-testid="run-announcer">
        {runNews}
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
      ) : mode === 'operator' ? (
        <OperatorTiles devices={devices} runs={runs.slots} />
      ) : (
        <DeviceTable devices={devices} runs={hasRuns ? runs.slots : undefined} actions={actions} busyIds={busyIds} canAct={connected} />
      )}
    </section>
  );
}
