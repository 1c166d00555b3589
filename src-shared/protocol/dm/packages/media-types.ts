/**
 * Media types and HTTP header names of DM 2.0 packages (digest §2.1, §5.6).
 */
import { ProvisioningError } from '../../../errors/index.js';
import { MO_SERIALIZATION_MEDIA_TYPE } from '../decisions.js';

/** Media types by package kind. */
export const MEDIA_TYPES = {
  /** Package#1, client → server. */
  initiation: 'application/vnd.oma.dm.initiation+json',
  /** Package#2, server → client (and the client's Accept). */
  request: 'application/vnd.oma.dm.request+json',
  /** Package#3, client → server. */
  response: 'application/vnd.oma.dm.response+json',
  /** MO serialization bodies (our choice; the real name is UNKNOWN — see decisions.ts). */
  moSerialization: MO_SERIALIZATION_MEDIA_TYPE,
} as const;

/** Header carrying the DevInfo DevID on Package#1 and #3 (mandatory). */
export const DEVID_HEADER = 'OMADM-DevID';

/** Header a server uses to advertise extra media types it accepts (spelling INFERRED). */
export const OMADM_ACCEPT_HEADER = 'OMADM-Accept';

/**
 * Checks a DevID before it goes into a header: non-empty, at most 256 visible ASCII characters
 * (no CR/LF or other controls, so it cannot inject headers).
 */
export function checkDevId(devId: string): string {
  if (!/^[\x21-\x7e]{1,256}$/.test(devId)) {
    throw new ProvisioningError('INVALID_REQUEST', 'DevID must be 1-256 visible ASCII characters', { details: { length: devId.length } });
  }
  return devId;
}

/** HTTP headers of a client package (Package#1 or #3) for one device. */
export function clientPackageHeaders(kind: 'package1' | 'package3', devId: string): Readonly<Record<string, string>> {
  return {
    'Content-Type': kind === 'package1' ? MEDIA_TYPES.initiation : MEDIA_TYPES.response,
    Accept: MEDIA_TYPES.request,
    [DEVID_HEADER]: checkDevId(devId),
  };
}
