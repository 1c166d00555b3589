import { z } from 'zod';
import { assertNever } from '../util/assert-never.js';
import { fromBase64Loose } from '../util/base64.js';

/**
 * Model of the Bootbench key-generation vendor MO (docs/pki-device-keys.md).
 *
 * The device generates its key pair when the server EXECs `Generate`, and returns a PKCS#10 CSR in
 * the `CSR` leaf, so the private key never leaves the device. This module is pure: it builds the MO
 * instance the device fetches by HGET, the command list, and parses what the device reports back.
 */

/** MOID of the key-generation MO. */
export const KEYGEN_MOID = 'urn:bootbench:mo:keygen:1.0';

/** Root node name inside MOData. */
export const KEYGEN_ROOT = 'KeyGen';

/** Key types a device may be asked to generate. */
export const KeygenKeyType = z.enum(['EC-P256', 'RSA-2048']);
/** Key types a device may be asked to generate. */
export type KeygenKeyType = z.output<typeof KeygenKeyType>;

/** Values of the `Status` leaf. */
export const KeygenStatus = z.enum(['Idle', 'Generating', 'Done', 'Failed']);
/** Values of the `Status` leaf. */
export type KeygenStatus = z.output<typeof KeygenStatus>;

/** What the station asks the device to generate. */
export interface KeygenRequest {
  readonly keyType: KeygenKeyType;
  /** RFC 4514 subject for the CSR, e.g. `CN=356938035643809`. */
  readonly subject: string;
  /** Device id the device should request as a SAN URI, e.g. `urn:imei:356938035643809`. */
  readonly subjectAltName?: string;
  /** ClientURI of the DMAcc instance whose `Auth/Trsp` will use the key. */
  readonly accountRef: string;
}

/** The MOData the device fetches by HGET to create (or reset) a KeyGen instance. */
export function keygenRequestMoData(request: KeygenRequest): Readonly<Record<string, Readonly<Record<string, string>>>> {
  return {
    [KEYGEN_ROOT]: {
      KeyType: request.keyType,
      Subject: request.subject,
      ...(request.subjectAltName === undefined ? {} : { SAN: request.subjectAltName }),
      AccRef: request.accountRef,
      Status: 'Idle',
    },
  };
}

/** A DM 2.0 command as the digest writes it (§3): the name followed by its URIs. */
export type DmCommandArray = readonly [string, ...string[]];

/**
 * The server-side command sequence for one device-generated key.
 *
 * HGET makes the device fetch the request instance from the station's repository; EXEC runs the
 * generation; GET returns the instance with `Status` and `CSR` in Package#3.
 */
export function keygenCommands(instanceUri: string, repositoryUri: string): readonly DmCommandArray[] {
  const base = instanceUri.endsWith('/') ? instanceUri : `${instanceUri}/`;
  return [
    ['HGET', repositoryUri, base],
    ['EXEC', `${base}Generate`],
    ['GET', base],
  ];
}

const KeygenReport = z.object({
  [KEYGEN_ROOT]: z.object({
    Status: KeygenStatus,
    CSR: z.string().optional(),
    Error: z.string().optional(),
  }),
});

/** What the device reported: a CSR, a refusal (data, not an exception), or not finished yet. */
export type KeygenResult =
  | { readonly status: 'csr'; readonly csrDer: Uint8Array }
  | { readonly status: 'failed'; readonly detail: string }
  | { readonly status: 'pending' }
  | { readonly status: 'invalid'; readonly detail: string };

/** Parses the KeyGen MOData a device returned (from `unknown`: it crossed a wire). */
export function parseKeygenReport(moData: unknown): KeygenResult {
  const parsed = KeygenReport.safeParse(moData);
  if (!parsed.success) return { status: 'invalid', detail: 'KeyGen report does not match the MO definition' };
  const node = parsed.data[KEYGEN_ROOT];
  switch (node.Status) {
    case 'Idle':
    case 'Generating':
      return { status: 'pending' };
    case 'Failed':
      return { status: 'failed', detail: node.Error ?? 'device reported failure without detail' };
    case 'Done': {
      const der = node.CSR === undefined ? undefined : fromBase64Loose(node.CSR);
      if (der === undefined || der.length === 0) return { status: 'invalid', detail: 'Status is Done but CSR is missing or not base64' };
      return { status: 'csr', csrDer: der };
    }
    default:
      return assertNever(node.Status, 'unknown KeyGen status');
  }
}
