import { useId } from 'react';
import type { BenchMode } from '../../app/mode.js';
import { ApprovalBadge } from '../profiles/approval-badge.js';
import type { RunProfileState } from './use-run-profile.js';

/** Props of {@link RunProfilePicker}. */
export interface RunProfilePickerProps {
  readonly mode: BenchMode;
  readonly canAct: boolean;
  readonly state: RunProfileState;
  /** Called with the chosen `name@hash` (empty: the demo description). */
  readonly onChoose: (value: string) => void;
}

const short = (hash: string): string => hash.slice(0, 8);

/**
 * What runs apply: the chosen profile (name, version label, short content hash, approval) or the
 * built-in demo description; engineers choose among the approved versions.
 */
export function RunProfilePicker({ mode, canAct, state, onChoose }: RunProfilePickerProps) {
  const id = useId();
  const { current, active, approved } = state;
  if (current === undefined) return null;
  const value = current === null ? '' : `${current.name}@${current.version}`;
  const listed = current === null || approved.some((v) => v.name === current.name && v.version.hash === current.version);
  return (
    <div className="run-profile" data-testid="run-profile">
      <span className="muted">Runs apply</span>{' '}
      {current === null ? (
        <strong>demo description</strong>
      ) : (
        <>
          <strong>{current.name}</strong>{' '}
          <span className="mono" title={current.version}>
            {active === undefined ? '' : `${active.version.label} · `}
            {short(current.version)}
          </span>{' '}
          <ApprovalBadge approval={active?.version.approval ?? null} />
        </>
      )}
      {mode === 'engineer' && (
        <>
          <label className="visually-hidden" htmlFor={`${id}-select`}>
            Profile for runs
          </label>
          <select id={`${id}-select`} value={value} disabled={!canAct} onChange={(e) => onChoose(e.target.value)}>
            <option value="">Demo description</option>
            {!listed && current !== null && (
              <option value={value} disabled>
                {current.name} {short(current.version)} (not approved)
              </option>
            )}
            {approved.map((v) => (
              <option key={`${v.name}@${v.version.hash}`} value={`${v.name}@${v.version.hash}`}>
                {v.name} {v.version.label} ({short(v.version.hash)})
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
