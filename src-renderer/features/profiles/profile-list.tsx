import type { Output } from '../../../src-shared/ipc/contract.js';
import { ApprovalBadge } from './approval-badge.js';

/** Props of {@link ProfileList}. */
export interface ProfileListProps {
  readonly profiles: Output<'profiles.list'> | undefined;
  readonly selected: string | undefined;
  readonly onSelect: (name: string) => void;
}

/** The station's profiles with their latest version and its approval state. */
export function ProfileList({ profiles, selected, onSelect }: ProfileListProps) {
  if (profiles === undefined) {
    return (
      <p className="muted" aria-busy="true">
        Reading the profile library…
      </p>
    );
  }
  if (profiles.length === 0) return <p className="muted">The library is empty.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Profiles</caption>
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col">Latest version</th>
          <th scope="col">Versions</th>
          <th scope="col">Approval</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.name} aria-current={p.name === selected ? 'true' : undefined}>
            <th scope="row">
              <button type="button" className="link-button" aria-pressed={p.name === selected} onClick={() => onSelect(p.name)}>
                {p.name}
              </button>
              <div className="muted">{p.latest.title}</div>
            </th>
            <td className="mono">{p.latest.label}</td>
            <td>
              {p.versions} ({p.approvedVersions} approved)
            </td>
            <td>
              <ApprovalBadge approval={p.latest.approval} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
