import { ProvisioningError } from '../../errors/index.js';
import { assertNever } from '../../util/assert-never.js';
import { concatBytes } from '../../util/bytes.js';
import {
  PACKAGE0_CON_TYPE_BYTES,
  PACKAGE0_DIGEST_ORDER,
  PACKAGE0_REQUIRE_SERVER_ID,
  PACKAGE0_TIMESTAMP_BYTES,
  PACKAGE0_VERSION,
} from './decisions.js';
import { violation } from './json.js';
import { DEFAULT_LIMITS } from './limits.js';
import { utf8Decode, utf8Encode } from './text.js';

/** Package#0 option numbers (digest §8.2). */
export const PACKAGE0_OPTION = { serverId: 1, preferredConType: 2, notificationId: 3, digest: 4, timestamp: 5, reqMos: 6 } as const;

/** PREFERRED-CON-TYPE code points. */
export const CON_TYPE = { anyAvailable: 0, cellular: 1, wlan: 2, wireline: 3 } as const;

/** Length of the SHA256-DIGEST option value. */
export const DIGEST_BYTES = 32;

/** SHA-256, injected (src-shared cannot reach node:crypto or WebCrypto synchronously). */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

/** Order of the digest input parts (digest §7.3 UNKNOWN; default in decisions.ts). */
export type DigestOrder = 'secret-message-data' | 'secret-data-message' | 'data-message-secret';

/** A decoded or to-be-encoded Package#0 notification. */
export interface Package0 {
  readonly version: number;
  readonly serverId?: string;
  readonly preferredConType?: number;
  readonly notificationId?: number;
  readonly digest?: Uint8Array;
  /** Send time, POSIX seconds. */
  readonly timestampS?: number;
  readonly reqMos: boolean;
}

/** Notification-authentication credentials from DMAcc `Auth/Noti` (Secret and Data are bin). */
export interface NotiCredentials {
  readonly secret: Uint8Array;
  readonly data: Uint8Array;
}

function bad(message: string): ProvisioningError {
  return new ProvisioningError('INVALID_REQUEST', `Package#0: ${message}`);
}

function uint(value: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let v = value;
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

function readUint(bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

function optionsOf(p: Package0): Array<[number, Uint8Array]> {
  const opts: Array<[number, Uint8Array]> = [];
  if (p.serverId !== undefined) opts.push([PACKAGE0_OPTION.serverId, utf8Encode(p.serverId)]);
  if (p.preferredConType !== undefined) {
    if (!Number.isInteger(p.preferredConType) || p.preferredConType < 0 || p.preferredConType > 255) throw bad('PREFERRED-CON-TYPE must be a byte');
    opts.push([PACKAGE0_OPTION.preferredConType, uint(p.preferredConType, PACKAGE0_CON_TYPE_BYTES)]);
  }
  if (p.notificationId !== undefined) {
    if (!Number.isInteger(p.notificationId) || p.notificationId < 0 || p.notificationId > 0xffff) throw bad('NOTIFICATION-ID must be 0..65535');
    opts.push([PACKAGE0_OPTION.notificationId, uint(p.notificationId, 2)]);
  }
  if (p.digest !== undefined) {
    if (p.digest.length !== DIGEST_BYTES) throw bad('SHA256-DIGEST must be 32 bytes');
    opts.push([PACKAGE0_OPTION.digest, p.digest]);
  }
  if (p.timestampS !== undefined) {
    if (!Number.isInteger(p.timestampS) || p.timestampS < 0 || p.timestampS >= 2 ** (8 * PACKAGE0_TIMESTAMP_BYTES)) throw bad('TIMESTAMP out of range');
    opts.push([PACKAGE0_OPTION.timestamp, uint(p.timestampS, PACKAGE0_TIMESTAMP_BYTES)]);
  }
  if (p.reqMos) opts.push([PACKAGE0_OPTION.reqMos, new Uint8Array(0)]);
  return opts;
}

/** Encodes the notification; also returns where the digest value sits (for signing). */
function encodeWithDigestOffset(p: Package0): { bytes: Uint8Array; digestOffset: number | undefined } {
  if (!Number.isInteger(p.version) || p.version < 0 || p.version > 15) throw bad('VER must be 0..15');
  const opts = optionsOf(p);
  const out: number[] = [];
  const header = (p.version << 12) | (opts.length << 7);
  out.push(header >> 8, header & 0xff);
  let prev = 0;
  let digestOffset: number | undefined;
  for (const [num, value] of opts) {
    const delta = num - prev;
    prev = num;
    const len = value.length;
    if (len < 13) out.push((delta << 4) | len);
    else if (len < 269) out.push((delta << 4) | 13, len - 13);
    else if (len < 65805) out.push((delta << 4) | 14, (len - 269) >> 8, (len - 269) & 0xff);
    else throw bad('option value too long');
    if (num === PACKAGE0_OPTION.digest) digestOffset = out.length;
    for (const b of value) out.push(b);
  }
  return { bytes: Uint8Array.from(out), digestOffset };
}

/** Encodes a Package#0 notification (digest §8.2, option rule in decisions.ts). */
export function encodePackage0(p: Package0): Uint8Array {
  return encodeWithDigestOffset(p).bytes;
}

/** Options for {@link decodePackage0}. */
export interface Package0DecodeOptions {
  /** Accepted VER values. @default [PACKAGE0_VERSION] */
  readonly versions?: readonly number[];
  readonly maxBytes?: number;
}

interface Decoded {
  readonly p: Package0;
  readonly digestOffset: number | undefined;
}

function decodeRaw(bytes: Uint8Array, options: Package0DecodeOptions): Decoded {
  if (!(bytes instanceof Uint8Array)) throw violation('Package#0: not bytes');
  if (bytes.length > (options.maxBytes ?? DEFAULT_LIMITS.package0MaxBytes)) throw violation('Package#0: too long');
  if (bytes.length < 2) throw violation('Package#0: truncated header');
  const header = (bytes[0]! << 8) | bytes[1]!;
  const version = header >> 12;
  const count = (header >> 7) & 0x1f;
  if (!(options.versions ?? [PACKAGE0_VERSION]).includes(version)) throw violation(`Package#0: unsupported VER ${version}`);
  let pos = 2;
  let num = 0;
  let digestOffset: number | undefined;
  const fields: { -readonly [K in keyof Package0]: Package0[K] } = { version, reqMos: false };
  for (let i = 0; i < count; i++) {
    if (pos >= bytes.length) throw violation(`Package#0: truncated before option ${i + 1} of ${count}`);
    const b = bytes[pos++]!;
    const delta = b >> 4;
    let len = b & 0x0f;
    if (delta === 0) throw violation('Package#0: options out of order or repeated');
    if (delta >= 13) throw violation('Package#0: reserved option delta');
    if (len === 15) throw violation('Package#0: reserved option length');
    if (len === 13) {
      if (pos + 1 > bytes.length) throw violation('Package#0: truncated option length');
      len = 13 + bytes[pos++]!;
    } else if (len === 14) {
      if (pos + 2 > bytes.length) throw violation('Package#0: truncated option length');
      len = 269 + ((bytes[pos]! << 8) | bytes[pos + 1]!);
      pos += 2;
    }
    num += delta;
    if (pos + len > bytes.length) throw violation(`Package#0: option ${num} value truncated`);
    const value = bytes.subarray(pos, pos + len);
    const exact = (n: number) => {
      if (len !== n) throw violation(`Package#0: option ${num} must be ${n} bytes, got ${len}`);
    };
    switch (num) {
      case PACKAGE0_OPTION.serverId: {
        const text = utf8Decode(value);
        if (text === undefined || text.length === 0) throw violation('Package#0: SERVER-ID is not non-empty UTF-8');
        fields.serverId = text;
        break;
      }
      case PACKAGE0_OPTION.preferredConType:
        exact(PACKAGE0_CON_TYPE_BYTES);
        fields.preferredConType = readUint(value);
        break;
      case PACKAGE0_OPTION.notificationId:
        exact(2);
        fields.notificationId = readUint(value);
        break;
      case PACKAGE0_OPTION.digest:
        exact(DIGEST_BYTES);
        fields.digest = value.slice();
        digestOffset = pos;
        break;
      case PACKAGE0_OPTION.timestamp:
        exact(PACKAGE0_TIMESTAMP_BYTES);
        fields.timestampS = readUint(value);
        break;
      case PACKAGE0_OPTION.reqMos:
        exact(0);
        fields.reqMos = true;
        break;
      default:
        throw violation(`Package#0: unknown option ${num}`);
    }
    pos += len;
  }
  if (pos !== bytes.length) throw violation(`Package#0: ${bytes.length - pos} bytes after the last option`);
  if (PACKAGE0_REQUIRE_SERVER_ID && fields.serverId === undefined) throw violation('Package#0: SERVER-ID missing');
  return { p: fields, digestOffset };
}

/**
 * Decodes a Package#0 notification; throws PROTOCOL_VIOLATION for truncated, overlong,
 * out-of-order, unknown or wrongly sized options and for an unsupported VER.
 */
export function decodePackage0(bytes: Uint8Array, options: Package0DecodeOptions = {}): Package0 {
  return decodeRaw(bytes, options).p;
}

function digestInput(message: Uint8Array, creds: NotiCredentials, order: DigestOrder): Uint8Array {
  switch (order) {
    case 'secret-message-data':
      return concatBytes([creds.secret, message, creds.data]);
    case 'secret-data-message':
      return concatBytes([creds.secret, creds.data, message]);
    case 'data-message-secret':
      return concatBytes([creds.data, message, creds.secret]);
    default:
      return assertNever(order, 'unknown digest order');
  }
}

/**
 * Encodes and signs a notification: digest = SHA-256 over the parts in `order` with the
 * notification's digest value zeroed, then written into the SHA256-DIGEST option (digest §7.3).
 */
export function signPackage0(p: Omit<Package0, 'digest'>, creds: NotiCredentials, sha256: Sha256, order: DigestOrder = PACKAGE0_DIGEST_ORDER): Uint8Array {
  const { bytes, digestOffset } = encodeWithDigestOffset({ ...p, digest: new Uint8Array(DIGEST_BYTES) });
  const digest = sha256(digestInput(bytes, creds, order));
  if (digest.length !== DIGEST_BYTES) throw new ProvisioningError('INTERNAL', 'sha256 port returned a digest that is not 32 bytes');
  bytes.set(digest, digestOffset!);
  return bytes;
}

/**
 * Verifies a notification's digest. Returns the decoded notification when valid, `undefined`
 * when the digest is absent or wrong (the client must then ignore it); throws PROTOCOL_VIOLATION
 * when the bytes are not a notification at all.
 */
export function verifyPackage0(bytes: Uint8Array, creds: NotiCredentials, sha256: Sha256, options: Package0DecodeOptions & { readonly order?: DigestOrder } = {}): Package0 | undefined {
  const { p, digestOffset } = decodeRaw(bytes, options);
  if (p.digest === undefined || digestOffset === undefined) return undefined;
  const zeroed = bytes.slice();
  zeroed.fill(0, digestOffset, digestOffset + DIGEST_BYTES);
  const expected = sha256(digestInput(zeroed, creds, options.order ?? PACKAGE0_DIGEST_ORDER));
  let diff = expected.length ^ DIGEST_BYTES;
  for (let i = 0; i < DIGEST_BYTES; i++) diff |= (expected[i] ?? 0) ^ p.digest[i]!;
  return diff === 0 ? p : undefined;
}
