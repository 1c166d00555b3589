import { createHash, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { AsnType } from 'asn1js';
import { childrenOf, contentOf, encapsulatedIn, readElement, TAG, tagOf } from './asn1.js';

/**
 * PKCS#12 (RFC 7292) export and import through node-forge.
 *
 * Export is assembled from forge's ASN.1 and PBE primitives rather than `toPkcs12Asn1`, because that
 * helper only accepts RSA keys and forge certificates (forge has no EC). Algorithms are the ones
 * OpenSSL 3 uses by default, so `openssl pkcs12` reads the file without `-legacy`: the key bag is
 * PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the MAC is HMAC-SHA256. Certificates sit in a plain
 * `data` bag (they are public). Passwords should be ASCII: forge and OpenSSL encode non-ASCII
 * passwords differently for PBES2.
 */

const { asn1, pki, util } = forge;
const PBKDF2_ITERATIONS = 10_000;
const MAC_ITERATIONS = 10_000;

const toBinary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('binary');
const fromBinary = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'binary'));
const oid = (dotted: string): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const seq = (items: forge.asn1.Asn1[]): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const octets = (bytes: string): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const explicit0 = (item: forge.asn1.Asn1): forge.asn1.Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [item]);
const dataContentInfo = (content: forge.asn1.Asn1): forge.asn1.Asn1 => seq([oid(pki.oids.data!), explicit0(octets(asn1.toDer(content).getBytes()))]);

/** What goes into a PKCS#12 file. */
export interface Pkcs12Input {
  /** Leaf first, then its issuers. */
  readonly chain: readonly Uint8Array[];
  /** PKCS#8 DER of the leaf's private key; the caller wipes it. */
  readonly keyPkcs8: Uint8Array;
  readonly password: string;
  readonly friendlyName?: string;
  /** PBKDF2 and MAC iteration count. @default 10000 */
  readonly iterations?: number;
}

/** Builds a password-protected PKCS#12 file (DER). */
export function exportPkcs12(input: Pkcs12Input): Uint8Array {
  const [leaf] = input.chain;
  if (leaf === undefined) throw new ProvisioningError('INVALID_REQUEST', 'A PKCS#12 export needs the certificate');
  if (input.password.length < 4) throw new ProvisioningError('INVALID_REQUEST', 'A PKCS#12 export needs a password of at least 4 characters');
  const localKeyId = createHash('sha1').update(leaf).digest('binary');
  const attributes: forge.asn1.Asn1[] = [seq([oid(pki.oids.localKeyId!), set([octets(localKeyId)])])];
  if (input.friendlyName !== undefined) {
    attributes.push(seq([oid(pki.oids.friendlyName!), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, input.friendlyName)])]));
  }
  const certBags = input.chain.map((der, i) =>
    seq([
      oid(pki.oids.certBag!),
      explicit0(seq([oid(pki.oids.x509Certificate!), explicit0(octets(toBinary(der)))])),
      ...(i === 0 ? [set(attributes)] : []),
    ]),
  );
  const keyInfo = asn1.fromDer(toBinary(input.keyPkcs8));
  const encryptedKey = pki.encryptPrivateKeyInfo(keyInfo, input.password, { algorithm: 'aes256', count: input.iterations ?? PBKDF2_ITERATIONS, saltSize: 16, prfAlgorithm: 'sha256' } as never);
  const keyBag = seq([oid(pki.oids.pkcs8ShroudedKeyBag!), explicit0(encryptedKey), set(attributes)]);
  const authSafe = seq([dataContentInfo(seq(certBags)), dataContentInfo(seq([keyBag]))]);

  const macSalt = randomBytes(16).toString('binary');
  const macKey = forge.pkcs12.generateKey(input.password, util.createBuffer(macSalt), 3, input.iterations ?? MAC_ITERATIONS, 32, forge.md.sha256.create());
  const hmac = forge.hmac.create();
  hmac.start('sha256', macKey.getBytes());
  hmac.update(asn1.toDer(authSafe).getBytes());
  const macData = seq([
    seq([seq([oid(pki.oids.sha256!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(input.iterations ?? MAC_ITERATIONS).getBytes()),
  ]);
  const pfx = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    dataContentInfo(authSafe),
    macData,
  ]);
  return fromBinary(asn1.toDer(pfx).getBytes());
}

/** What a PKCS#12 file held. */
export interface Pkcs12Contents {
  readonly certificates: readonly Uint8Array[];
  /** PKCS#8 DER of each private key; the caller wipes them. */
  readonly keysPkcs8: readonly Uint8Array[];
}

/** True when the bytes look like a PFX (SEQUENCE { INTEGER 3, ContentInfo ... }). */
export function looksLikePkcs12(der: Uint8Array): boolean {
  try {
    const pfx = asn1.fromDer(toBinary(der), { strict: true, parseAllBytes: true } as never);
    const value = pfx.value as forge.asn1.Asn1[];
    const version = value[0];
    const contentInfo = value[1];
    return Array.isArray(value) && version?.type === asn1.Type.INTEGER && version.value === '\x03' && contentInfo?.type === asn1.Type.SEQUENCE;
  } catch {
    return false;
  }
}

/** Highest PBKDF2 / PKCS#12-KDF iteration count accepted from a file (OpenSSL writes 2048; we write 10,000). */
export const MAX_KDF_ITERATIONS = 1_000_000;

/**
 * Largest iteration count found in any `{ salt OCTET STRING, iterations INTEGER }` pair of a PFX
 * (MacData, PBKDF2-params, PKCS#12 PBE params), looking inside nested OCTET STRINGs.
 *
 * A hostile file could otherwise make the KDF run for hours before the password is even checked.
 */
export function maxKdfIterations(der: Uint8Array): number {
  let max = 0;
  const visit = (node: AsnType, depth: number): void => {
    if (depth > 24) return;
    const tag = tagOf(node);
    if ((tag & 0x20) !== 0) {
      const children = childrenOf(node);
      children.forEach((child, i) => {
        const next = children[i + 1];
        if (tagOf(child) === TAG.octetString && next !== undefined && tagOf(next) === TAG.integer) {
          const count = contentOf(next);
          max = Math.max(max, count.length > 4 ? Number.MAX_SAFE_INTEGER : count.reduce((a, b) => a * 256 + b, 0));
        }
        visit(child, depth + 1);
      });
    } else if (tag === TAG.octetString) {
      const inner = encapsulatedIn(node);
      if (inner !== undefined) visit(inner, depth + 1);
    }
  };
  visit(readElement(der, 'PKCS#12 file'), 0);
  return max;
}

/**
 * Reads a PKCS#12 file (EC or RSA; what OpenSSL 3 and forge write).
 *
 * @throws ProvisioningError `AUTH_FAILED` for a wrong or missing password, `CERT_INVALID` when the
 * structure cannot be read.
 */
export function importPkcs12(der: Uint8Array, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  if (maxKdfIterations(der) > MAX_KDF_ITERATIONS) {
    throw new ProvisioningError('CERT_INVALID', `The PKCS#12 file asks for more than ${MAX_KDF_ITERATIONS} key-derivation iterations; refusing it`);
  }
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(toBinary(der)), false, password);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : '';
    if (/password|MAC could not be verified|decrypt/i.test(message)) {
      throw new ProvisioningError('AUTH_FAILED', 'Wrong PKCS#12 password (the integrity check failed)', { cause });
    }
    throw new ProvisioningError('CERT_INVALID', `Cannot read the PKCS#12 file: ${message.slice(0, 120)}`, { cause });
  }
  const certificates: Uint8Array[] = [];
  const keysPkcs8: Uint8Array[] = [];
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      const raw = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
      if (bag.type === pki.oids.certBag) {
        const certAsn1 = bag.cert ? pki.certificateToAsn1(bag.cert) : raw.asn1;
        if (certAsn1) certificates.push(fromBinary(asn1.toDer(certAsn1).getBytes()));
      } else if (bag.type === pki.oids.pkcs8ShroudedKeyBag || bag.type === pki.oids.keyBag) {
        const keyAsn1 = bag.key ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key)) : raw.asn1;
        if (keyAsn1) keysPkcs8.push(fromBinary(asn1.toDer(keyAsn1).getBytes()));
      }
    }
  }
  return { certificates, keysPkcs8 };
}
