import type { Output } from '../../../src-shared/ipc/contract.js';
import type { CredentialItem } from '../../../src-shared/pki/inspection.js';
import { describeKey } from '../../../src-shared/pki/summary.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';

const ENCODING_NAMES = { pem: 'PEM', der: 'DER', base64: 'Base64', hex: 'Hex', pkcs12: 'PKCS#12' } as const;

function ItemFacts({ item }: { readonly item: CredentialItem }) {
  switch (item.kind) {
    case 'certificate': {
      const c = item.certificate;
      return (
        <>
          <h4>{c.isCa ? 'CA certificate' : 'Certificate'}</h4>
          <dl className="facts">
            <dt>Subject</dt>
            <dd>{c.subject}</dd>
            <dt>Issuer</dt>
            <dd>{c.selfSigned ? `${c.issuer} (self-signed)` : c.issuer}</dd>
            <dt>Valid</dt>
            <dd>
              <time dateTime={c.notBefore}>{c.notBefore.slice(0, 10)}</time> to <time dateTime={c.notAfter}>{c.notAfter.slice(0, 10)}</time>
            </dd>
            <dt>Key</dt>
            <dd>{describeKey(c.key)}</dd>
            {c.subjectAltNames.length > 0 && (
              <>
                <dt>Alternative names</dt>
                <dd>{c.subjectAltNames.join(', ')}</dd>
              </>
            )}
            <dt>SHA-256</dt>
            <dd className="mono wrap">{c.fingerprints.sha256}</dd>
          </dl>
        </>
      );
    }
    case 'csr':
      return (
        <>
          <h4>Certificate request</h4>
          <dl className="facts">
            <dt>Subject</dt>
            <dd>{item.csr.subject || '(empty)'}</dd>
            <dt>Key</dt>
            <dd>{describeKey(item.csr.key)}</dd>
            <dt>Signature</dt>
            <dd>{item.csr.signatureValid ? 'Valid (the requester holds the key)' : 'Invalid'}</dd>
          </dl>
        </>
      );
    case 'private-key':
      return (
        <>
          <h4>Private key</h4>
          <p>
            {describeKey(item.privateKey.key)}; public key SHA-256 <span className="mono">{item.privateKey.publicKeySha256.slice(0, 16)}…</span>
          </p>
        </>
      );
    case 'public-key':
      return (
        <>
          <h4>Public key</h4>
          <p>{describeKey(item.key)}</p>
        </>
      );
    default:
      return assertNever(item);
  }
}

/** A readable inspection: what was found, and every check with its explanation; or why the input was refused. */
export function InspectionResult({ outcome }: { readonly outcome: Output<'certs.inspect'> }) {
  if (!outcome.ok) {
    return (
      <div className="notice notice-error">
        <p className="notice-title">Not recognised ({outcome.refusal.code})</p>
        <p>{outcome.refusal.explanation}</p>
      </div>
    );
  }
  const { report } = outcome;
  const failed = report.checks.filter((c) => !c.passed).length;
  return (
    <div className="inspection">
      <p className="notice-title">
        {ENCODING_NAMES[report.encoding]} input: {report.items.length} object(s), {failed === 0 ? 'all checks passed' : `${failed} check(s) failed`}
      </p>
      {report.items.map((item, i) => (
        <div className="inspection-item" key={i}>
          <ItemFacts item={item} />
        </div>
      ))}
      {report.checks.length > 0 && (
        <ul className="checks" aria-label="Checks">
          {report.checks.map((c, i) => (
            <li key={i} data-passed={c.passed}>
              <span className="check-mark">{c.passed ? 'Passed' : 'Failed'}</span>: {c.explanation} <span className="muted">({c.subject})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
