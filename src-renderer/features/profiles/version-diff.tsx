import { useEffect, useId, useState } from 'react';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { asProvisioningError } from '../../lib/use-action.js';

type Version = Output<'profiles.versions'>[number];

const SIGN = { added: '+', removed: '−', changed: '~' } as const;

/** The structural diff between two versions of a profile, by JSON pointer. */
export function VersionDiff({ name, from, to, onClose }: { readonly name: string; readonly from: Version; readonly to: Version; readonly onClose: () => void }) {
  const bridge = useBridge();
  const ids = useId();
  const [changes, setChanges] = useState<Output<'profiles.diff'> | undefined>(undefined);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  useEffect(() => {
    let live = true;
    bridge.call('profiles.diff', { name, from: from.hash, to: to.hash }).then(
      (c) => live && setChanges(c),
      (e: unknown) => live && setError(asProvisioningError(e)),
    );
    return () => {
      live = false;
    };
  }, [bridge, name, from.hash, to.hash]);

  return (
    <section className="diff" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>
        Changes from {from.label} to {to.label}
      </h4>
      {error !== undefined && <ErrorNotice error={error} />}
      {changes === undefined && error === undefined && <p className="muted">Comparing…</p>}
      {changes?.length === 0 && <p className="muted">No differences.</p>}
      {changes !== undefined && changes.length > 0 && (
        <ul className="plain-list diff-lines mono">
          {changes.map((c) => (
            <li key={`${c.kind}${c.pointer}`} data-kind={c.kind}>
              <span aria-hidden="true">{SIGN[c.kind]} </span>
              <span className="visually-hidden">{c.kind} </span>
              {c.pointer}: {c.kind === 'changed' ? `${c.before ?? ''} → ${c.after ?? ''}` : c.kind === 'added' ? c.after : c.before}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button-secondary" onClick={onClose}>
        Close diff
      </button>
    </section>
  );
}
