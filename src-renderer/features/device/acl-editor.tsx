import { useId, useState } from 'react';
import { RIGHTS, type Right } from '../../../src-shared/protocol/dm/tree/types.js';
import type { InstanceAcl, TreeEdit } from '../../../src-shared/tree/tree-schema.js';

/** Props of {@link AclEditor}. */
export interface AclEditorProps {
  readonly acl: InstanceAcl;
  /** The station's own SrvID (its rights cannot be changed). */
  readonly stationId: string;
  /** Pending rights per server for this instance. */
  readonly pending: ReadonlyMap<string, readonly Right[]>;
  readonly onStage: (edit: TreeEdit & { kind: 'acl' }) => void;
}

/**
 * Instance permissions per server (the DACMO view): one row per server, one checkbox per right.
 * The station may grant only rights it holds, needs Delegate to change anything, and can change
 * neither its own rights nor the creator's. Changes are staged, like values.
 */
export function AclEditor({ acl, stationId, pending, onStage }: AclEditorProps) {
  const newId = useId();
  const [server, setServer] = useState('');
  const canDelegate = acl.stationRights.includes('Delegate');
  const servers = [...new Set([...acl.entries.map((e) => e.serverId), ...pending.keys()])];
  const rightsOf = (srv: string): readonly Right[] => pending.get(srv) ?? acl.entries.find((e) => e.serverId === srv)?.rights ?? [];
  const stage = (srv: string, rights: readonly Right[]) => onStage({ kind: 'acl', moid: acl.moid, miid: acl.miid, serverId: srv, rights: RIGHTS.filter((r) => rights.includes(r)) });
  return (
    <section aria-labelledby={`${newId}-title`} className="acl-editor">
      <h4 id={`${newId}-title`}>Permissions of {acl.miid}</h4>
      <p className="muted">
        Created by {acl.creator}. {canDelegate ? 'The station holds Delegate: it may grant the rights it holds.' : 'The station has no Delegate right here: read only.'}
      </p>
      <table className="data-table">
        <caption className="visually-hidden">Rights per server on {acl.miid}</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            {RIGHTS.map((r) => (
              <th key={r} scope="col">
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {servers.map((srv) => {
            const fixed = !canDelegate || srv === stationId || srv === acl.creator;
            const rights = rightsOf(srv);
            return (
              <tr key={srv} data-pending={pending.has(srv) ? 'true' : undefined}>
                <th scope="row" className="mono">
                  {srv}
                  {srv === stationId ? ' (this station)' : srv === acl.creator ? ' (creator)' : ''}
                </th>
                {RIGHTS.map((r) => (
                  <td key={r}>
                    <input
                      type="checkbox"
                      aria-label={`${r} for ${srv}`}
                      checked={rights.includes(r)}
                      disabled={fixed || !acl.stationRights.includes(r)}
                      onChange={(e) => stage(srv, e.target.checked ? [...rights, r] : rights.filter((x) => x !== r))}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canDelegate && (
        <form
          className="form-inline"
          aria-label={`Grant a server rights on ${acl.miid}`}
          onSubmit={(e) => {
            e.preventDefault();
            const srv = server.trim();
            if (srv === '' || servers.includes(srv)) return;
            stage(srv, ['Read']);
            setServer('');
          }}
        >
          <label htmlFor={newId}>Server id</label>
          <input id={newId} type="text" className="mono" value={server} maxLength={200} onChange={(e) => setServer(e.target.value)} placeholder="dm.example.test" />
          <button type="submit" disabled={server.trim() === '' || servers.includes(server.trim())}>
            Grant Read
          </button>
        </form>
      )}
    </section>
  );
}
