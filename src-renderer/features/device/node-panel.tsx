import type { Right } from '../../../src-shared/protocol/dm/tree/types.js';
import type { DeviceTree, TreeEdit, TreeRow } from '../../../src-shared/tree/tree-schema.js';
import { AclEditor } from './acl-editor.js';
import { NodeEditor } from './node-editor.js';

/** Props of {@link NodePanel}. */
export interface NodePanelProps {
  readonly tree: DeviceTree;
  readonly row: TreeRow | undefined;
  readonly pending: ReadonlyMap<string, TreeEdit>;
  readonly onStage: (edit: TreeEdit) => void;
  readonly onUnstage: (key: string) => void;
}

/** Details of the selected node: its DDF description, a typed editor, delete, and instance permissions. */
export function NodePanel({ tree, row, pending, onStage, onUnstage }: NodePanelProps) {
  if (row === undefined) return <section className="card node-panel" aria-label="Selected node"><p className="muted">Select a node to see and edit it.</p></section>;
  const instance = row.kind === 'instance' ? tree.acls.find((a) => `${a.moid}/${a.miid}/` === row.uri) : undefined;
  const staged = pending.get(row.uri);
  const aclPending = new Map<string, readonly Right[]>();
  for (const e of pending.values()) if (e.kind === 'acl' && instance !== undefined && e.moid === instance.moid && e.miid === instance.miid) aclPending.set(e.serverId, e.rights);
  return (
    <section className="card node-panel" aria-labelledby="node-title">
      <h3 id="node-title" className="wrap">
        {row.name}
      </h3>
      <dl className="facts">
        <dt>ClientURI</dt>
        <dd className="mono wrap">{row.uri}</dd>
        <dt>Kind</dt>
        <dd>{row.kind === 'mo' ? 'MO' : row.kind}</dd>
        {row.kind === 'leaf' && (
          <>
            <dt>Format</dt>
            <dd>{row.format}</dd>
          </>
        )}
        <dt>Access (DDF)</dt>
        <dd>{row.access.length === 0 ? 'not described' : row.access.join(', ')}</dd>
        {row.description !== undefined && (
          <>
            <dt>Description</dt>
            <dd>{row.description}</dd>
          </>
        )}
      </dl>
      {row.kind === 'leaf' && row.writable && (
        <NodeEditor row={row} pending={staged?.kind === 'set' ? staged.value : undefined} onStage={(value) => onStage({ kind: 'set', uri: row.uri, value })} onUnstage={() => onUnstage(row.uri)} />
      )}
      {row.kind === 'leaf' && !row.writable && <p className="muted">Read-only for this station (DDF AccessType or its rights on the instance).</p>}
      {row.deletable && (
        <div className="toolbar">
          {staged?.kind === 'delete' ? (
            <button type="button" className="button-secondary" onClick={() => onUnstage(row.uri)}>
              Keep {row.name}
            </button>
          ) : (
            <button type="button" className="button-secondary" onClick={() => onStage({ kind: 'delete', uri: row.uri })}>
              Delete {row.name}…
            </button>
          )}
        </div>
      )}
      {instance !== undefined && <AclEditor acl={instance} stationId={tree.serverId} pending={aclPending} onStage={onStage} />}
    </section>
  );
}
