import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { fromBase64Loose } from '../../src-shared/util/base64.js';
import type { CredentialEncoding, InspectionRefusal, RefusalCode } from '../../src-shared/pki/inspection.js';
import { decodePem, type PemBlock } from '../../src-shared/pki/pem.js';
import { fromHex } from '../../src-shared/util/bytes.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import type { AsnType } from 'asn1js';
import { childrenOf, contentOf, readElement, splitElements, TAG, tagOf, type DerElement } from './asn1.js';
import { importPkcs12, looksLikePkcs12 } from './pkcs12.js';
import { parseCsr, type ParsedCsr } from './x509-read.js';

/** A credential object recognised in the input, parsed by OpenSSL where possible. */
export type DecodedObject =
  | { readonly kind: 'certificate'; readonly cert: X509Certificate }
  | { readonly kind: 'private-key'; readonly key: KeyObject }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | { readonly kind: 'csr'; readonly der: Uint8Array; readonly csr: ParsedCsr };

/** The decoder's answer: objects and the detected encoding, or an explained refusal. */
export type DecodeOutcome =
  | { readonly ok: true; readonly encoding: CredentialEncoding; readonly objects: readonly DecodedObject[] }
  | { readonly ok: false; readonly refusal: InspectionRefusal };

/** Largest input the inspector accepts (credential files are a few KiB). */
export const MAX_INPUT_BYTES = 1024 * 1024;

class Refused extends Error {
  constructor(readonly code: RefusalCode, readonly explanation: string) {
    super(explanation);
  }
}

const PEM_KINDS: Readonly<Record<string, 'certificate' | 'private-key' | 'public-key' | 'csr' | 'encrypted-key' | 'pkcs12'>> = {
  CERTIFICATE: 'certificate', 'X509 CERTIFICATE': 'certificate', 'TRUSTED CERTIFICATE': 'certificate',
  'PRIVATE KEY': 'private-key', 'EC PRIVATE KEY': 'private-key', 'RSA PRIVATE KEY': 'private-key',
  'PUBLIC KEY': 'public-key', 'RSA PUBLIC KEY': 'public-key',
  'CERTIFICATE REQUEST': 'csr', 'NEW CERTIFICATE REQUEST': 'csr',
  'ENCRYPTED PRIVATE KEY': 'encrypted-key', PKCS12: 'pkcs12',
};

const b = (der: Uint8Array): Buffer => Buffer.from(der.buffer, der.byteOffset, der.byteLength);

function tryKey(fn: () => KeyObject): KeyObject | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function fromPkcs12(der: Uint8Array, password: string | undefined): DecodedObject[] {
  let contents;
  try {
    contents = importPkcs12(der, password ?? '');
  } catch (error) {
    if (error instanceof ProvisioningError && error.code === 'AUTH_FAILED') {
      throw password === undefined
        ? new Refused('password-required', 'This is a password-protected PKCS#12 file; give its password (--password-file)')
        : new Refused('wrong-password', 'The PKCS#12 password is wrong (its integrity check failed)');
    }
    throw new Refused('malformed-der', error instanceof ProvisioningError ? error.message : 'The PKCS#12 structure cannot be read');
  }
  const objects: DecodedObject[] = contents.certificates.flatMap((c) => classifyDer(c, undefined));
  for (const k of contents.keysPkcs8) {
    const key = tryKey(() => createPrivateKey({ key: b(k), format: 'der', type: 'pkcs8' }));
    k.fill(0);
    if (key !== undefined) objects.push({ kind: 'private-key', key });
  }
  return objects;
}

type Shape = 'signed' | 'pkcs8' | 'sec1' | 'pkcs1-private' | 'spki' | 'pkcs1-public' | 'pfx' | 'encrypted-pkcs8' | 'unknown';

/**
 * Recognises a structure from its outer DER shape, so at most one (costly) OpenSSL parse is tried.
 * Certificates and CSRs share the signed-object shape `SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }`.
 */
function shapeOf(element: AsnType): Shape {
  const children = childrenOf(element);
  const t = children.map(tagOf);
  const first = children[0];
  const firstContent = first === undefined ? undefined : contentOf(first);
  const firstInt = t[0] === TAG.integer && firstContent?.length === 1 ? firstContent[0] : undefined;
  if (t.length === 3 && t[0] === TAG.sequence && t[1] === TAG.sequence && t[2] === TAG.bitString) return 'signed';
  if (t.length === 2 && t[0] === TAG.sequence && t[1] === TAG.bitString) return 'spki';
  if (t.length === 2 && t[0] === TAG.sequence && t[1] === TAG.octetString) return 'encrypted-pkcs8';
  if (t.length >= 3 && firstInt === 0 && t[1] === TAG.sequence && t[2] === TAG.octetString) return 'pkcs8';
  if (t.length >= 2 && firstInt === 1 && t[1] === TAG.octetString) return 'sec1';
  if (t.length >= 2 && firstInt === 3 && t[1] === TAG.sequence) return 'pfx';
  if (t.length === 9 && firstInt === 0 && t.every((x) => x === TAG.integer)) return 'pkcs1-private';
  if (t.length === 2 && t.every((x) => x === TAG.integer)) return 'pkcs1-public';
  return 'unknown';
}

const NOT_A_CREDENTIAL = 'Valid DER, but not a certificate, CSR, key or PKCS#12 file';

/** Classifies one DER object (or a PKCS#12 file) from its shape, then parses it natively. */
function classifyDer(der: Uint8Array, password: string | undefined, element?: AsnType): DecodedObject[] {
  if (der[0] !== 0x30) throw new Refused('malformed-der', 'The bytes are not a DER SEQUENCE (credentials always start with 0x30)');
  const shape = shapeOf(element ?? readElement(der, 'DER object'));
  const broken = (what: string) => new Refused('malformed-der', `The bytes have the outer shape of ${what} but OpenSSL cannot parse it`);
  switch (shape) {
    case 'signed': {
      try {
        return [{ kind: 'certificate', cert: new X509Certificate(b(der)) }];
      } catch {
        // not a certificate: a CSR has the same outer shape
      }
      try {
        return [{ kind: 'csr', der, csr: parseCsr(der) }];
      } catch {
        throw broken('a certificate or CSR');
      }
    }
    case 'pkcs8':
    case 'sec1':
    case 'pkcs1-private': {
      const key = tryKey(() => createPrivateKey({ key: b(der), format: 'der', type: shape === 'pkcs1-private' ? 'pkcs1' : shape }));
      if (key === undefined) throw broken('a private key');
      return [{ kind: 'private-key', key }];
    }
    case 'spki':
    case 'pkcs1-public': {
      const key = tryKey(() => createPublicKey({ key: b(der), format: 'der', type: shape === 'spki' ? 'spki' : 'pkcs1' }));
      if (key === undefined) throw broken('a public key');
      return [{ kind: 'public-key', key }];
    }
    case 'pfx':
      if (!looksLikePkcs12(der)) throw broken('a PKCS#12 file');
      return fromPkcs12(der, password);
    case 'encrypted-pkcs8': {
      if (password === undefined) throw new Refused('password-required', 'This is an encrypted private key; give its password (--password-file)');
      const key = tryKey(() => createPrivateKey({ key: b(der), format: 'der', type: 'pkcs8', passphrase: password }));
      if (key === undefined) throw new Refused('wrong-password', 'The private key password is wrong, or the encrypted key is damaged');
      return [{ kind: 'private-key', key }];
    }
    case 'unknown':
      throw new Refused('malformed-der', NOT_A_CREDENTIAL);
    default:
      return assertNever(shape, 'unknown DER shape');
  }
}

/** Splits concatenated DER objects (a DER "chain") and classifies each. */
function classifyDerSequence(bytes: Uint8Array, password: string | undefined): DecodedObject[] {
  let elements: DerElement[];
  try {
    elements = splitElements(bytes);
  } catch (error) {
    throw new Refused('malformed-der', error instanceof ProvisioningError ? error.message : 'The DER structure is broken');
  }
  return elements.flatMap(({ der, element }) => classifyDer(der, password, element));
}

function fromPemBlock(block: PemBlock, password: string | undefined): DecodedObject[] {
  const kind = PEM_KINDS[block.label];
  switch (kind) {
    case undefined:
      throw new Refused('unsupported-pem', `PEM label "${block.label}" is not a certificate, key, CSR or PKCS#12`);
    case 'pkcs12':
      return fromPkcs12(block.der, password);
    case 'encrypted-key':
    case 'certificate':
    case 'private-key':
    case 'public-key':
    case 'csr': {
      const objects = classifyDer(block.der, password);
      const expected = kind === 'encrypted-key' ? 'private-key' : kind;
      if (objects.length !== 1 || objects[0]?.kind !== expected) throw new Refused('malformed-der', `The "${block.label}" PEM block does not contain a valid ${kind}`);
      return objects;
    }
    default:
      return assertNever(kind, 'unknown PEM kind');
  }
}

const PEM_REFUSALS = {
  'no-blocks': 'No PEM block found',
  'unterminated-block': 'A PEM block has a BEGIN line but no matching END line',
  'label-mismatch': 'A PEM block ends with a different label than it begins with',
  'bad-base64': 'A PEM block body is not valid base64',
  'encrypted-legacy-pem': 'Legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) is not supported; convert it with `openssl pkcs8 -topk8`',
} as const;

function decode(input: Uint8Array, password: string | undefined): { encoding: CredentialEncoding; objects: DecodedObject[] } {
  if (input.length > MAX_INPUT_BYTES) throw new Refused('too-large', `Input is larger than ${MAX_INPUT_BYTES} bytes; credential files are a few KiB`);
  const isText = input.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127));
  const text = isText ? Buffer.from(input).toString('latin1') : '';
  if (isText && text.trim() === '') throw new Refused('empty', 'The input is empty');
  if (isText && text.includes('-----BEGIN')) {
    const pem = decodePem(text);
    if (!pem.ok) throw new Refused(pem.reason === 'encrypted-legacy-pem' ? 'unsupported-pem' : 'malformed-pem', PEM_REFUSALS[pem.reason]);
    return { encoding: 'pem', objects: pem.blocks.flatMap((block) => fromPemBlock(block, password)) };
  }
  if (input[0] === 0x30 && !isText) {
    const objects = classifyDerSequence(input, password);
    return { encoding: looksLikePkcs12(input) ? 'pkcs12' : 'der', objects };
  }
  if (isText) {
    const compact = text.trim();
    const hex = /^[0-9a-fA-F\s:]+$/.test(compact) ? fromHex(compact) : undefined;
    if (hex !== undefined && hex[0] === 0x30) {
      try {
        return { encoding: 'hex', objects: classifyDerSequence(hex, password) };
      } catch (error) {
        if (!(error instanceof Refused) || error.code !== 'malformed-der') throw error;
      }
    }
    const raw = /^[A-Za-z0-9+/=_\-\s]+$/.test(compact) ? fromBase64Loose(compact) : undefined;
    if (raw !== undefined && raw[0] === 0x30) return { encoding: 'base64', objects: classifyDerSequence(raw, password) };
    if (hex !== undefined) throw new Refused('malformed-der', 'Hex text that does not decode to a DER credential');
  }
  throw new Refused('unrecognised', 'Not a credential: expected PEM, DER, base64, hex or PKCS#12');
}

/**
 * Auto-detects and decodes credential input: PEM (several blocks), DER (one or concatenated),
 * base64 or hex of DER, and PKCS#12 (with `password`). Never throws for bad input: the refusal
 * says why.
 */
export function decodeCredentials(input: Uint8Array, options: { readonly password?: string } = {}): DecodeOutcome {
  try {
    const { encoding, objects } = decode(input, options.password);
    return { ok: true, encoding, objects };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: { code: error.code, explanation: error.explanation } };
    if (error instanceof ProvisioningError) return { ok: false, refusal: { code: 'malformed-der', explanation: error.message } };
    // Hostile input must never crash the edge: a library failing in an unforeseen way is explained too.
    return { ok: false, refusal: { code: 'malformed-der', explanation: 'The input could not be decoded (a damaged or unsupported structure)' } };
  }
}
