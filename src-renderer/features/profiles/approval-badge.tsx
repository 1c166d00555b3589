import type { Output } from '../../../src-shared/ipc/contract.js';

type Version = Output<'profiles.versions'>[number];

/** A version's approval state in words (not only colour). */
export function ApprovalBadge({ approval }: { readonly approval: Version['approval'] }) {
  if (approval === null) return <span className="badge" data-approval="none">Not approved</span>;
  if (!approval.valid) return <span className="badge" data-approval="invalid">Signature invalid</span>;
  return (
    <span className="badge" data-approval="ok" title={`Signed by CA sha256:${approval.signer.slice(0, 16)}… at ${approval.approvedAt}`}>
      Approved by {approval.approvedBy}
    </span>
  );
}
