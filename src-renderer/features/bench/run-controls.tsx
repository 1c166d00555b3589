import type { ReactNode } from 'react';
import type { BenchMode } from '../../app/mode.js';
import type { RunsState } from './runs-state.js';
import { etaText, tally } from './runs-state.js';
import type { NotifyPermission } from './use-notifications.js';

/** Props of {@link RunControls}. */
export interface RunControlsProps {
  readonly mode: BenchMode;
  readonly runs: RunsState;
  readonly canAct: boolean;
  readonly onStartAll: () => void;
  readonly onCancelAll: () => void;
  readonly onRetryFailed: () => void;
  readonly onAutoRun: (enabled: boolean) => void;
  readonly notifications: NotifyPermission;
  readonly onEnableNotifications: () => void;
  /** What runs apply (the chosen profile version or the demo description), shown first. */
  readonly profile?: ReactNode;
}

const NOTIFY_TEXT: Readonly<Record<Exclude<NotifyPermission, 'default'>, string>> = {
  granted: 'Notifications on',
  denied: 'Notifications blocked by the browser',
  unsupported: '',
};

/** The run toolbar: what runs apply, start, cancel, retry failed, auto-run, notifications, and the batch summary. */
export function RunControls({ mode, runs, canAct, onStartAll, onCancelAll, onRetryFailed, onAutoRun, notifications, onEnableNotifications, profile }: RunControlsProps) {
  const { passed, failed, active } = tally(runs.slots.values());
  const eta = etaText(runs.batchEtaMs);
  return (
    <div className="run-controls" role="group" aria-label="Runs">
      {profile}
      <button type="button" onClick={onStartAll} disabled={!canAct}>
        Start all
      </button>
      <button type="button" className="button-secondary" onClick={onRetryFailed} disabled={!canAct || failed === 0}>
        Retry failed
      </button>
      {mode === 'engineer' && (
        <button type="button" className="button-secondary" onClick={onCancelAll} disabled={!canAct || active === 0}>
          Cancel all
        </button>
      )}
      {mode === 'engineer' && runs.autoRun !== undefined && (
        <label className="auto-run">
          <input type="checkbox" checked={runs.autoRun} disabled={!canAct} onChange={(e) => onAutoRun(e.target.checked)} /> Auto-run on attach
        </label>
      )}
      {notifications === 'default' ? (
        <button type="button" className="button-secondary" onClick={onEnableNotifications}>
          Enable notifications
        </button>
      ) : (
        NOTIFY_TEXT[notifications] !== '' && <span className="muted">{NOTIFY_TEXT[notifications]}</span>
      )}
      <p className="run-summary" data-testid="run-summary">
        <span className="count-pass">{passed} passed</span> · <span className="count-fail">{failed} failed</span> · {active} running{eta === '' ? '' : ` · batch ${eta}`}
      </p>
    </div>
  );
}
