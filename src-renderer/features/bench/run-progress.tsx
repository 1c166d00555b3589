import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { messageFor } from '../../lib/error-messages.js';
import { etaText, stateText } from './runs-state.js';

/** The tone of a run's state: drives colour (with text and a glyph, never colour alone). */
export function toneOf(run: RunSlotStatus | undefined): 'idle' | 'active' | 'pass' | 'fail' {
  if (run === undefined || run.result === 'cancelled') return 'idle';
  if (run.endedAtMs === null) return 'active';
  return run.result === 'failed' ? 'fail' : 'pass';
}

/** A run's progress bar (ARIA progressbar with the ETA as its value text). */
export function ProgressBar({ run, label }: { readonly run: RunSlotStatus; readonly label: string }) {
  const percent = Math.round(run.fraction * 100);
  const eta = etaText(run.etaMs);
  return (
    <div className="run-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={eta === '' ? `${percent}%` : `${percent}%, ${eta}`}>
      <div className="run-bar-fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}

/** One slot's run in the engineer table: state (and step), progress with ETA, or the result and error. */
export function RunCell({ run, slot }: { readonly run: RunSlotStatus | undefined; readonly slot: string }) {
  const tone = toneOf(run);
  if (run === undefined) return <span className="muted">Ready</span>;
  const error = run.errorCode === null ? undefined : messageFor(run.errorCode);
  return (
    <div className="run-cell" data-tone={tone}>
      <span className="run-state">
        {stateText(run)}
        {run.step !== null && run.endedAtMs === null && <span className="muted"> · {run.step}</span>}
      </span>
      {run.endedAtMs === null ? (
        <>
          <ProgressBar run={run} label={`Run progress on ${slot}`} />
          <span className="muted run-eta">{etaText(run.etaMs)}</span>
        </>
      ) : (
        error !== undefined && (
          <span className="run-error" title={run.errorMessage ?? undefined}>
            {error.title} <span className="mono">({run.errorCode})</span>
          </span>
        )
      )}
    </div>
  );
}
