import { useId, useState } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useNavigation } from '../../app/navigation.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { useRunProfile } from '../bench/use-run-profile.js';
import { ApprovalBadge } from './approval-badge.js';
import { VersionDiff } from './version-diff.js';

type Versions = Output<'profiles.versions'>;

/** Props of {@link VersionHistory}. */
export interface VersionHistoryProps {
  readonly name: string;
  readonly versions: Versions | undefined;
  /** The version open in the editor. */
  readonly opened: string | undefined;
  /** Whether this station run holds the unlocked CA (approval needs it). */
  readonly caUnlocked: boolean;
  readonly onOpen: (hash: string) => void;
  readonly onApproved: () => void;
}

/** Every version of a profile, newest first: open one, compare with the one before, approve, use an approved one for runs. */
export function VersionHistory({ name, versions, opened, caUnlocked, onOpen, onApproved }: VersionHistoryProps) {
  const bridge = useBridge();
  const { go } = useNavigation();
  const ids = useId();
  const approve = useAction();
  const choosing = useAction();
  const runProfile = useRunProfile(false);
  const [compare, setCompare] = useState<{ from: Versions[number]; to: Versions[number] } | undefined>(undefined);

  const doApprove = async (hash: string) => {
    if ((await approve.run(() => bridge.call('profiles.approve', { name, version: hash }))) !== undefined) onApproved();
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Version history</h3>
      {!caUnlocked && (
        <div className="notice">
          <p>Approving signs a version with the station CA, which is locked in this station run.</p>
          <button type="button" className="button-secondary" onClick={() => go('certificates')}>
            Unlock the CA in Certificates
          </button>
        </div>
      )}
      {versions === undefined ? (
        <p className="muted" aria-busy="true">
          Reading versions…
        </p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Versions of {name}</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Content hash</th>
              <th scope="col">Saved</th>
              <th scope="col">Approval</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const previous = versions[i + 1];
              return (
                <tr key={v.hash} aria-current={v.hash === opened ? 'true' : undefined}>
                  <th scope="row" className="mono">
                    {v.label}
                  </th>
                  <td className="mono" title={v.hash}>
                    {v.hash.slice(0, 12)}…
                  </td>
                  <td>
                    <time dateTime={v.savedAt}>{v.savedAt.slice(0, 19).replace('T', ' ')}</time>
                  </td>
                  <td>
                    <ApprovalBadge approval={v.approval} />
                  </td>
                  <td className="actions">
                    <button type="button" className="button-secondary" onClick={() => onOpen(v.hash)} disabled={v.hash === opened} aria-label={`Open version ${v.label} (${v.hash.slice(0, 12)})`}>
                      Open
                    </button>
                    {previous !== undefined && (
                      <button type="button" className="button-secondary" onClick={() => setCompare({ from: previous, to: v })} aria-label={`Compare version ${v.label} with ${previous.label}`}>
                        Diff
                      </button>
                    )}
                    {v.approval?.valid === true &&
                      (runProfile.current?.name === name && runProfile.current.version === v.hash ? (
                        <span className="muted">Used for runs</span>
                      ) : (
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => void choosing.run(() => runProfile.choose({ name, version: v.hash }))}
                          disabled={choosing.busy}
                          aria-label={`Use version ${v.label} (${v.hash.slice(0, 12)}) for runs`}
                        >
                          Use for runs
                        </button>
                      ))}
                    {v.approval?.valid !== true && (
                      <button type="button" onClick={() => void doApprove(v.hash)} disabled={!caUnlocked || approve.busy} aria-label={`Approve version ${v.label} (${v.hash.slice(0, 12)})`}>
                        Approve
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {approve.error !== undefined && <ErrorNotice error={approve.error} onDismiss={approve.clearError} />}
      {choosing.error !== undefined && <ErrorNotice error={choosing.error} onDismiss={choosing.clearError} />}
      {compare !== undefined && <VersionDiff name={name} from={compare.from} to={compare.to} onClose={() => setCompare(undefined)} />}
    </section>
  );
}
