import type { X509Certificate as NodeCertificate } from 'node:crypto';
import type { CheckResult } from '../../src-shared/pki/inspection.js';
import { x509 } from './x509.js';

/**
 * Certificate chain building for the inspector with @peculiar/x509's `X509ChainBuilder` (issuer by
 * name and AKI/SKI, signature verified on WebCrypto), explained as one `chain` check per leaf.
 */

/** A certificate as both parsers see it. */
export interface PooledCertificate {
  readonly node: NodeCertificate;
  readonly peculiar: x509.X509Certificate;
}

/** Subject text for explanations. */
const nameOf = (cert: x509.X509Certificate): string => `"${cert.subject || '(empty subject)'}"`;

async function selfSigned(cert: x509.X509Certificate): Promise<boolean> {
  try {
    return await cert.isSelfSigned();
  } catch {
    return false;
  }
}

/**
 * The `chain` check for one leaf: the path the builder finds through the pool, and whether it ends
 * at a self-signed root.
 */
export async function chainCheck(leaf: PooledCertificate, pool: readonly PooledCertificate[], subject: string): Promise<CheckResult> {
  const builder = new x509.X509ChainBuilder({ certificates: pool.map((c) => c.peculiar) });
  let chain: readonly x509.X509Certificate[];
  try {
    chain = await builder.build(leaf.peculiar);
  } catch {
    return { code: 'chain', passed: false, subject, explanation: 'No chain can be built: the issuers form a loop' };
  }
  const top = chain[chain.length - 1] ?? leaf.peculiar;
  const path = chain.map(nameOf).join(' → ');
  if (await selfSigned(top)) {
    return { code: 'chain', passed: true, subject, explanation: `Chain to a root: ${path} (self-signed)` };
  }
  return {
    code: 'chain',
    passed: false,
    subject,
    explanation: `The chain ${path} stops: no certificate named "${top.issuer}" with a matching key identifier and a verifying signature is in the input or the trusted anchors`,
  };
}
