/**
 * TLS settings of the DM bindings: TLS 1.2+ only, the DM 2.0 cipher suites (digest §7.1) ahead of
 * Node's defaults, X.509 client authentication and PSK-TLS.
 */
import { DEFAULT_CIPHERS } from 'node:tls';

/** Protocol versions we accept. TLS 1.0/1.1 are refused (decision: weak versions off, see docs/dm-server.md). */
export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

/** The floor used unless a caller raises it. */
export const MIN_TLS_VERSION: TlsVersion = 'TLSv1.2';

/** TLS 1.2 PSK suites of digest §7.1 in OpenSSL naming (all offered by Node 22's OpenSSL). */
export const DM_PSK_CIPHERS = [
  'PSK-AES128-GCM-SHA256',
  'DHE-PSK-AES128-GCM-SHA256',
  'RSA-PSK-AES128-GCM-SHA256',
  'PSK-AES128-CBC-SHA256',
  'DHE-PSK-AES128-CBC-SHA256',
  'RSA-PSK-AES128-CBC-SHA256',
  'ECDHE-PSK-AES128-CBC-SHA256',
] as const;

/** TLS 1.2 X.509 suites of digest §7.1 in OpenSSL naming. */
export const DM_X509_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'DHE-RSA-AES128-GCM-SHA256',
  'AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'DHE-RSA-AES128-SHA256',
  'AES128-SHA256',
] as const;

/**
 * Cipher string: the DM suites first (PSK ones only when PSK is enabled), then Node's defaults
 * (whose `!PSK` would otherwise remove the PSK suites again).
 */
export function dmCipherList(psk: boolean): string {
  const defaults = psk ? DEFAULT_CIPHERS.split(':').filter((c) => c !== '!PSK').join(':') : DEFAULT_CIPHERS;
  return [...(psk ? DM_PSK_CIPHERS : []), ...DM_X509_CIPHERS, defaults].join(':');
}

/** PEM text or DER/PEM bytes, as node:tls accepts them. */
export type PemInput = string | Uint8Array;

/** Accepts a PSK identity by returning its key; `undefined` refuses the handshake. */
export type PskLookup = (identity: string) => Uint8Array | undefined;

/** Server-side TLS options of {@link startDmHttpServer}. */
export interface DmServerTlsOptions {
  readonly cert?: PemInput;
  readonly key?: PemInput;
  /** Trust anchors for client certificates. */
  readonly ca?: PemInput | readonly PemInput[];
  /** Demand a client certificate from `ca` with EKU clientAuth. */
  readonly requireClientCert?: boolean;
  /** Enables PSK-TLS (TLS 1.2 PSK suites and TLS 1.3 external PSK). */
  readonly psk?: { readonly lookup: PskLookup; readonly hint?: string };
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
}

/** Normalises PEM input for node:tls (which wants string or Buffer). */
export function pem(input: PemInput): string | Buffer {
  return typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** Normalises one or many PEM inputs. */
export function pems(input: PemInput | readonly PemInput[]): Array<string | Buffer> {
  return (Array.isArray(input) ? (input as readonly PemInput[]) : [input as PemInput]).map(pem);
}
