import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { TreeDiffEntry } from '../../../src-shared/tree/tree-schema.js';
import { trapTab } from '../../lib/focus-trap.js';

/** Props of {@link DiffDialog}. */
export interface DiffDialogProps {
  readonly diff: readonly TreeDiffEntry[];
  readonly busy: boolean;
  readonly onApply: () => void;
  readonly onCancel: () => void;
}

const KIND_LABEL: Record<TreeDiffEntry['kind'], string> = { value: 'Value', delete: 'Delete', acl: 'Permissions' };

/**
 * The diff preview as a modal dialog: exactly what will be written (old → new per node, rights per
 * server; secrets masked). Focus moves into the dialog, Tab stays inside it, Escape cancels, and
 * focus returns to where it was.
 */
export function DiffDialog({ diff, busy, onApply, onCancel }: DiffDialogProps) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const apply = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    apply.current?.focus();
    return () => before?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !busy) {
      e.preventDefault();
      onCancel();
    }
    trapTab(e, box.current, 'button:not([disabled]), [tabindex="0"]');
  };
  return (
    <div className="modal-backdrop">
      <div ref={box} className="modal card" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h3 id={titleId}>Apply {diff.length} change{diff.length === 1 ? '' : 's'} to the device?</h3>
        <p className="muted">All or nothing: if the device refuses one change, none is applied. If its tree changed since it was read, nothing is sent.</p>
        <div className="modal-body" tabIndex={0} aria-label="Changes">
          <table className="data-table diff-table">
            <caption className="visually-hidden">Changes to apply</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Node</th>
                <th scope="col">Now</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((d) => (
                <tr key={`${d.kind}:${d.uri}`} data-kind={d.kind === 'delete' ? 'removed' : 'changed'}>
                  <td>{KIND_LABEL[d.kind]}</td>
                  <td className="mono wrap">{d.uri}</td>
                  <td className="mono wrap">{d.before ?? '—'}</td>
                  <td className="mono wrap">{d.kind === 'delete' ? '(deleted)' : (d.after ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="toolbar">
          <button ref={apply} type="button" onClick={onApply} disabled={busy}>
            {busy ? 'Applying…' : 'Apply to device'}
          </button>
          <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
