import type { Output } from '../../../src-shared/ipc/contract.js';

type Validation = Output<'profiles.validate'>;

/** Props of {@link IssueList}. */
export interface IssueListProps {
  readonly id: string;
  readonly validation: Validation | undefined;
  readonly pending: boolean;
  readonly onJump: (line: number, column: number) => void;
}

/** The validator's verdict: valid with its content hash, or each problem as a button that jumps to it. */
export function IssueList({ id, validation, pending, onJump }: IssueListProps) {
  return (
    <div id={id} className="issue-list" aria-live="polite">
      {validation === undefined ? (
        <p className="muted">Checking…</p>
      ) : validation.ok ? (
        <p className="valid-line">
          <span className="check-ok" aria-hidden="true">
            ✓
          </span>{' '}
          Valid profile {validation.profileId} {validation.label}{' '}
          <span className="mono muted" title={validation.hash}>
            sha256:{validation.hash?.slice(0, 12)}…
          </span>
          {pending && <span className="muted"> (checking…)</span>}
        </p>
      ) : (
        <>
          <p className="field-error">
            {validation.issues.length} problem{validation.issues.length === 1 ? '' : 's'}
            {pending && <span className="muted"> (checking…)</span>}
          </p>
          <ul className="plain-list issues">
            {validation.issues.map((issue, i) => (
              <li key={`${i}-${issue.pointer}`}>
                {issue.line === undefined ? (
                  <span className="mono">{issue.pointer === '' ? '(document)' : issue.pointer}</span>
                ) : (
                  <button type="button" className="link-button mono" onClick={() => onJump(issue.line ?? 1, issue.column ?? 1)} aria-label={`Go to line ${issue.line}, column ${issue.column ?? 1}: ${issue.message}`}>
                    {issue.line}:{issue.column ?? 1}
                  </button>
                )}{' '}
                {issue.pointer !== '' && <span className="mono muted">{issue.pointer}</span>} {issue.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
