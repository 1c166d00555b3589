import { MASK, type TreeEdit, type TreeRow } from '../../../src-shared/tree/tree-schema.js';

/** The key of an edit in the pending change set (one edit per node, per server on an instance). */
export const editKey = (e: TreeEdit): string => (e.kind === 'acl' ? `${e.moid}/${e.miid}/#${e.serverId}` : e.uri);

function describe(e: TreeEdit, row: TreeRow | undefined): string {
  if (e.kind === 'delete') return `Delete ${e.uri}`;
  if (e.kind === 'acl') return `${e.serverId} on ${e.moid}/${e.miid}: ${e.rights.length === 0 ? '(no rights)' : e.rights.join('+')}`;
  return `${e.uri} = ${row?.masked === true ? MASK : e.value}`;
}

/** Props of {@link PendingChanges}. */
export interface PendingChangesProps {
  readonly edits: readonly TreeEdit[];
  readonly rowOf: (uri: string) => TreeRow | undefined;
  readonly busy: boolean;
  readonly onRemove: (key: string) => void;
  readonly onReview: () => void;
  readonly onDiscardAll: () => void;
}

/** The pending change set: nothing is written until it is reviewed in the diff preview and applied. */
export function PendingChanges({ edits, rowOf, busy, onRemove, onReview, onDiscardAll }: PendingChangesProps) {
  return (
    <section className="card pending-changes" aria-labelledby="pending-title">
      <h3 id="pending-title">Pending changes ({edits.length})</h3>
      {edits.length === 0 ? (
        <p className="muted">No changes yet. Select a node, edit it and stage the change.</p>
      ) : (
        <ul className="plain-list">
          {edits.map((e) => (
            <li key={editKey(e)} className="pending-item">
              <span className="mono wrap">{describe(e, e.kind === 'acl' ? undefined : rowOf(e.uri))}</span>
              <button type="button" className="button-secondary" onClick={() => onRemove(editKey(e))} aria-label={`Remove change ${describe(e, e.kind === 'acl' ? undefined : rowOf(e.uri))}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <button type="button" onClick={onReview} disabled={edits.length === 0 || busy}>
          Review and apply…
        </button>
        {edits.length > 0 && (
          <button type="button" className="button-secondary" onClick={onDiscardAll} disabled={busy}>
            Discard all
          </button>
        )}
      </div>
    </section>
  );
}
