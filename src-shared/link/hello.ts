import { utf8Decode, utf8Encode } from './utf8.js';

/** Link protocol version spoken by this implementation. */
export const LINK_VERSION = 1;

/** Which end of the cable an endpoint is. The station initiates the handshake. */
export type LinkRole = 'station' | 'device';

/** Identity a side announces in its HELLO (all optional, each at most 255 UTF-8 bytes). */
export interface LinkIdentity {
  readonly imei?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly firmware?: string;
  readonly serialNumber?: string;
}

/** Contents of a HELLO or HELLO-ACK payload. */
export interface HelloParams {
  readonly version: number;
  readonly role: LinkRole;
  /** Random per-endpoint-instance number; a new nonce means the peer restarted. */
  readonly nonce: number;
  readonly maxFramePayload: number;
  readonly window: number;
  readonly maxMessageBytes: number;
  readonly maxExchanges: number;
  /** Sequence number of the sender's first DATA frame (random, so wrap-around is exercised). */
  readonly initialSeq: number;
  /** In a HELLO-ACK: the nonce of the HELLO being answered. */
  readonly echoNonce?: number;
  readonly identity: LinkIdentity;
}

/** TLV tags of HELLO payloads (docs/link-protocol.md §5). */
const Tag = {
  version: 0x01,
  role: 0x02,
  nonce: 0x03,
  maxFramePayload: 0x04,
  window: 0x05,
  maxMessageBytes: 0x06,
  maxExchanges: 0x07,
  echoNonce: 0x08,
  initialSeq: 0x09,
  imei: 0x20,
  manufacturer: 0x21,
  model: 0x22,
  firmware: 0x23,
  serialNumber: 0x24,
} as const;

const IDENTITY_TAGS = ['imei', 'manufacturer', 'model', 'firmware', 'serialNumber'] as const;

/** Smallest frame payload a peer may offer. */
export const MIN_FRAME_PAYLOAD = 64;
/** Largest window a peer may offer (far below half the 16-bit sequence space). */
export const MAX_WINDOW = 127;

function uint(value: number, bytes: 1 | 2 | 4): number[] {
  const out: number[] = [];
  for (let i = bytes - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
  return out;
}

/** Encodes HELLO parameters as TLV (tag u8, length u8, value). */
export function encodeHello(params: HelloParams): Uint8Array {
  const out: number[] = [];
  const put = (tag: number, value: readonly number[]): void => {
    out.push(tag, value.length, ...value);
  };
  put(Tag.version, uint(params.version, 1));
  put(Tag.role, [params.role === 'station' ? 0 : 1]);
  put(Tag.nonce, uint(params.nonce, 4));
  put(Tag.maxFramePayload, uint(params.maxFramePayload, 2));
  put(Tag.window, uint(params.window, 1));
  put(Tag.maxMessageBytes, uint(params.maxMessageBytes, 4));
  put(Tag.maxExchanges, uint(params.maxExchanges, 2));
  put(Tag.initialSeq, uint(params.initialSeq, 2));
  if (params.echoNonce !== undefined) put(Tag.echoNonce, uint(params.echoNonce, 4));
  for (const key of IDENTITY_TAGS) {
    const value = params.identity[key];
    if (value !== undefined) put(Tag[key], [...utf8Encode(value).subarray(0, 255)]);
  }
  return Uint8Array.from(out);
}

/**
 * Decodes a HELLO payload; returns a reason string for malformed or out-of-range content.
 *
 * Unknown tags are skipped so later versions can add fields.
 */
export function decodeHello(payload: Uint8Array): { ok: true; value: HelloParams } | { ok: false; reason: string } {
  const nums = new Map<number, number>();
  const identity: Record<string, string> = {};
  let i = 0;
  while (i < payload.length) {
    const tag = payload[i]!;
    const len = payload[i + 1];
    if (len === undefined || i + 2 + len > payload.length) return { ok: false, reason: 'truncated TLV' };
    const value = payload.subarray(i + 2, i + 2 + len);
    i += 2 + len;
    const identityKey = IDENTITY_TAGS.find((k) => Tag[k] === tag);
    if (identityKey !== undefined) {
      identity[identityKey] = utf8Decode(value);
    } else if (tag <= Tag.initialSeq) {
      if (len < 1 || len > 4) return { ok: false, reason: `bad length for tag ${tag}` };
      let n = 0;
      for (const b of value) n = n * 256 + b;
      nums.set(tag, n);
    }
  }
  const version = nums.get(Tag.version);
  const role = nums.get(Tag.role);
  const nonce = nums.get(Tag.nonce);
  const maxFramePayload = nums.get(Tag.maxFramePayload);
  const window = nums.get(Tag.window);
  if (version === undefined || role === undefined || nonce === undefined || maxFramePayload === undefined || window === undefined) {
    return { ok: false, reason: 'missing required field' };
  }
  if (role > 1) return { ok: false, reason: 'bad role' };
  if (maxFramePayload < MIN_FRAME_PAYLOAD || maxFramePayload > 0xffff) return { ok: false, reason: 'bad max frame payload' };
  if (window < 1 || window > MAX_WINDOW) return { ok: false, reason: 'bad window' };
  const echoNonce = nums.get(Tag.echoNonce);
  return {
    ok: true,
    value: {
      version,
      role: role === 0 ? 'station' : 'device',
      nonce,
      maxFramePayload,
      window,
      maxMessageBytes: nums.get(Tag.maxMessageBytes) ?? 65_536,
      maxExchanges: Math.max(1, nums.get(Tag.maxExchanges) ?? 1),
      initialSeq: (nums.get(Tag.initialSeq) ?? 0) & 0xffff,
      ...(echoNonce === undefined ? {} : { echoNonce }),
      identity,
    },
  };
}
