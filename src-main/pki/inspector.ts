import { X509Certificate } from 'node:crypto';
import type { CheckResult, CredentialItem, InspectionOutcome } from '../../src-shared/pki/inspection.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import { reasonOf } from './asn1.js';
import { decodeCredentials, type DecodedObject } from './credential-decode.js';
import { keyInfoOf, publicKeySha256 } from './keys.js';
import { chainCheck } from './chain.js';
import { oneLine, readCertificate, summarizeCertificate, summarizeCsr, summarizePrivateKey } from './summarize.js';

/** Inspector options. */
export interface InspectOptions {
  /** Password for PKCS#12 files and encrypted keys. */
  readonly password?: string;
  /** Extra trusted CA certificates (DER) to find issuers in, e.g. the station's trust anchors. */
  readonly anchors?: readonly Uint8Array[];
  /** Inspection time for validity checks (from the injected clock). */
  readonly nowMs: number;
}

const subjectOf = (cert: X509Certificate): string => oneLine(cert.subject) || '(empty subject)';

function isSelfIssued(cert: X509Certificate): boolean {
  return cert.issuer === cert.subject;
}

/**
 * Number of intermediate CA certificates from `cert` down to the deepest CA it (transitively) issued
 * within the pool, counting `cert` itself (RFC 5280 §4.2.1.9: self-issued certificates don't count).
 */
function caDepth(cert: X509Certificate, pool: readonly X509Certificate[], seen: Set<X509Certificate>): number {
  if (!cert.ca || seen.has(cert)) return 0;
  seen.add(cert);
  const own = isSelfIssued(cert) ? 0 : 1;
  const below = pool.filter((c) => c !== cert && c.ca && c.checkIssued(cert) && c.verify(cert.publicKey)).map((c) => caDepth(c, pool, seen));
  return own + Math.max(0, ...below);
}

/** Certificate checks: validity, issuer, signature, CA flag, path length, clientAuth for leaves. */
function certificateChecks(cert: X509Certificate, pool: readonly X509Certificate[], nowMs: number): CheckResult[] {
  const subject = subjectOf(cert);
  const checks: CheckResult[] = [];
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  checks.push(
    nowMs < from
      ? { code: 'validity', passed: false, subject, explanation: `Not yet valid: valid from ${new Date(from).toISOString()}` }
      : nowMs > to
        ? { code: 'validity', passed: false, subject, explanation: `Expired on ${new Date(to).toISOString()}` }
        : { code: 'validity', passed: true, subject, explanation: `Valid until ${new Date(to).toISOString()}` },
  );
  if (!cert.ca) {
    const eku = cert.keyUsage;
    const hasClientAuth = eku === undefined || eku.includes('1.3.6.1.5.5.7.3.2');
    checks.push({
      code: 'client-auth-eku',
      passed: hasClientAuth,
      subject,
      explanation: hasClientAuth ? 'Usable for TLS client authentication' : 'Extended key usage lacks clientAuth: a DM server will refuse it for TLS client authentication',
    });
  }
  if (isSelfIssued(cert) && cert.verify(cert.publicKey)) {
    checks.push({ code: 'issuer-found', passed: true, subject, explanation: 'Self-signed: it is its own issuer (a root)' });
    return checks;
  }
  const candidates = pool.filter((other) => other !== cert && cert.checkIssued(other));
  if (candidates.length === 0) {
    checks.push({ code: 'issuer-found', passed: false, subject, explanation: `Issuer "${oneLine(cert.issuer)}" is not in the input or the trusted anchors` });
    return checks;
  }
  const verifiedBy = candidates.find((c) => cert.verify(c.publicKey));
  const issuer = verifiedBy ?? candidates[0]!;
  const issuerName = subjectOf(issuer);
  checks.push({ code: 'issuer-found', passed: true, subject, explanation: `Issued by "${issuerName}"` });
  const signed = verifiedBy !== undefined;
  checks.push({ code: 'signature', passed: signed, subject, explanation: signed ? `Signature verifies with the key of "${issuerName}"` : `Signature does not verify with the key of "${issuerName}" (same name, different key, or a damaged certificate)` });
  checks.push({ code: 'issuer-is-ca', passed: issuer.ca, subject, explanation: issuer.ca ? `"${issuerName}" is a CA` : `"${issuerName}" is not a CA (basicConstraints cA is not TRUE), so it cannot issue certificates` });
  if (cert.ca && issuer.ca) {
    const pathLength = summarizeCertificate(issuer).pathLength;
    const depth = caDepth(cert, pool, new Set());
    const allowed = pathLength === null || depth <= pathLength;
    checks.push({
      code: 'path-length',
      passed: allowed,
      subject,
      explanation: allowed
        ? 'Path length constraint allows this intermediate CA'
        : `"${issuerName}" has pathLenConstraint ${pathLength}, but ${depth} intermediate CA certificate(s) follow it on this path`,
    });
  }
  return checks;
}

/** Pairs private keys with certificates and explains every mismatch. */
function keyChecks(objects: readonly DecodedObject[]): CheckResult[] {
  const certs = objects.flatMap((o) => (o.kind === 'certificate' ? [o.cert] : []));
  const checks: CheckResult[] = [];
  for (const o of objects) {
    if (o.kind !== 'private-key' || certs.length === 0) continue;
    const match = certs.find((c) => c.checkPrivateKey(o.key));
    const keyHash = publicKeySha256(o.key).slice(0, 16);
    if (match !== undefined) {
      checks.push({ code: 'key-matches-certificate', passed: true, subject: subjectOf(match), explanation: `The private key belongs to "${subjectOf(match)}"` });
    } else {
      const leaf = certs[0]!;
      checks.push({
        code: 'key-matches-certificate',
        passed: false,
        subject: subjectOf(leaf),
        explanation: `The private key does not match "${subjectOf(leaf)}" or any other certificate in the input (key ${keyHash}… vs certificate ${publicKeySha256(leaf.publicKey).slice(0, 16)}…)`,
      });
    }
  }
  return checks;
}

/**
 * Inspects any credential input: detects its encoding, summarises every object in human form and
 * checks key/certificate pairs and chains, explaining each failure. Bad input is an explained
 * refusal, never an exception.
 */
export async function inspectCredentials(input: Uint8Array, options: InspectOptions): Promise<InspectionOutcome> {
  const decoded = decodeCredentials(input, options.password === undefined ? {} : { password: options.password });
  if (!decoded.ok) return decoded;
  try {
    const anchors = (options.anchors ?? []).map((der) => new X509Certificate(Buffer.from(der)));
    const certs = decoded.objects.flatMap((o) => (o.kind === 'certificate' ? [o.cert] : []));
    const pool = [...certs, ...anchors];
    const items: CredentialItem[] = await Promise.all(decoded.objects.map(async (o): Promise<CredentialItem> => {
      switch (o.kind) {
        case 'certificate':
          return { kind: 'certificate', certificate: summarizeCertificate(o.cert) };
        case 'private-key':
          return { kind: 'private-key', privateKey: summarizePrivateKey(o.key) };
        case 'public-key': {
          return { kind: 'public-key', key: keyInfoOf(o.key), publicKeySha256: publicKeySha256(o.key) };
        }
        case 'csr':
          return { kind: 'csr', csr: await summarizeCsr(o.csr) };
        default:
          return assertNever(o, 'unknown credential kind');
      }
    }));
    const pooled = pool.map((node) => ({ node, peculiar: readCertificate(node).peculiar }));
    const chains = await Promise.all(pooled.slice(0, certs.length).filter((c) => !c.node.ca).map((c) => chainCheck(c, pooled, subjectOf(c.node))));
    const checks: CheckResult[] = [
      ...keyChecks(decoded.objects),
      ...items.flatMap((item): CheckResult[] =>
        item.kind === 'csr'
          ? [{ code: 'csr-signature', passed: item.csr.signatureValid, subject: item.csr.subject, explanation: item.csr.signatureValid ? 'The CSR is signed by its own key (proof of possession)' : 'The CSR signature does not verify: the request was altered or not signed by its key' }]
          : [],
      ),
      ...certs.flatMap((c) => certificateChecks(c, pool, options.nowMs)),
      ...chains,
    ];
    return { ok: true, report: { encoding: decoded.encoding, items, checks } };
  } catch (error) {
    // An edge must not crash on hostile input: OpenSSL accepted the object but a field is beyond
    // what the summariser reads. Explain instead of throwing.
    const detail = error instanceof ProvisioningError ? error.message : `an unsupported or damaged field (${reasonOf(error)})`;
    return { ok: false, refusal: { code: 'malformed-der', explanation: `The object parsed but cannot be summarised: ${detail}` } };
  }
}
