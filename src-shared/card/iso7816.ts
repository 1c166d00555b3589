import { ProvisioningError } from '../errors/index.js';
import { concatBytes } from '../util/bytes.js';
import type { CommandApdu } from './apdu.js';

/** ISO 7816-4 instruction bytes used by the station. */
export const INS = {
  select: 0xa4,
  readBinary: 0xb0,
  updateBinary: 0xd6,
  createFile: 0xe0,
  deleteFile: 0xe4,
  verify: 0x20,
  getResponse: 0xc0,
} as const;

/** Largest offset READ/UPDATE BINARY can address with P1-P2 (15 bits). */
export const MAX_BINARY_OFFSET = 0x7fff;

/**
 * How SELECT answers.
 *
 * `none` (P2 = 0C) asks for no FCI: vicc's FCI encoder crashes on P2 00/04 (TOOLCHAIN.md), and the
 * station never needs the FCI, so it is the default.
 */
export type SelectResponse = 'none' | 'fcp';

function fid(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new ProvisioningError('INVALID_REQUEST', `file identifier ${value} is not 16-bit`);
  return Uint8Array.of(value >> 8, value & 0xff);
}

function p2Of(response: SelectResponse): number {
  return response === 'none' ? 0x0c : 0x04;
}

/** SELECT a file by its 2-byte identifier under the current DF (P1 = 00). */
export function selectFid(fileId: number, response: SelectResponse = 'none'): CommandApdu {
  return { cla: 0x00, ins: INS.select, p1: 0x00, p2: p2Of(response), data: fid(fileId), ...(response === 'fcp' ? { le: 256 } : {}) };
}

/**
 * SELECT by path from the MF (P1 = 08): the FIDs after `3F00`.
 *
 * A leading `3F00` in `path` is dropped (ISO 7816-4 §7.1.1: the path from the MF excludes it).
 */
export function selectPath(path: readonly number[], response: SelectResponse = 'none'): CommandApdu {
  const rest = path[0] === 0x3f00 ? path.slice(1) : path;
  if (rest.length === 0) return selectFid(0x3f00, response);
  return { cla: 0x00, ins: INS.select, p1: 0x08, p2: p2Of(response), data: concatBytes(rest.map(fid)), ...(response === 'fcp' ? { le: 256 } : {}) };
}

/** SELECT an application by DF name / AID (P1 = 04). */
export function selectAid(aid: Uint8Array, response: SelectResponse = 'none'): CommandApdu {
  if (aid.length < 1 || aid.length > 16) throw new ProvisioningError('INVALID_REQUEST', `AID of ${aid.length} bytes is outside 1..16`);
  return { cla: 0x00, ins: INS.select, p1: 0x04, p2: p2Of(response), data: aid, ...(response === 'fcp' ? { le: 256 } : {}) };
}

function offsetP1P2(offset: number): { p1: number; p2: number } {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_BINARY_OFFSET) throw new ProvisioningError('INVALID_REQUEST', `binary offset ${offset} is outside 0..${MAX_BINARY_OFFSET}`);
  return { p1: offset >> 8, p2: offset & 0xff };
}

/** READ BINARY of the current EF at `offset`, expecting `length` (1..256) bytes. */
export function readBinary(offset: number, length: number): CommandApdu {
  return { cla: 0x00, ins: INS.readBinary, ...offsetP1P2(offset), le: length };
}

/** UPDATE BINARY of the current EF at `offset` with 1..255 bytes. */
export function updateBinary(offset: number, data: Uint8Array): CommandApdu {
  if (data.length < 1 || data.length > 255) throw new ProvisioningError('INVALID_REQUEST', `UPDATE BINARY of ${data.length} bytes is outside 1..255`);
  return { cla: 0x00, ins: INS.updateBinary, ...offsetP1P2(offset), data };
}

/** What CREATE FILE makes (ISO 7816-4 §5.3.3, FCP template 62). */
export type FileSpec =
  | { readonly kind: 'df'; readonly fileId: number; readonly aid?: Uint8Array }
  | { readonly kind: 'ef'; readonly fileId: number; readonly sizeBytes: number };

function tlv(tag: number, value: Uint8Array): Uint8Array {
  if (value.length > 0x7f) throw new ProvisioningError('INVALID_REQUEST', `FCP element ${tag.toString(16)} too long`);
  return concatBytes([Uint8Array.of(tag, value.length), value]);
}

/**
 * Builds the FCP (tag 62) for CREATE FILE: 82 file descriptor, 83 FID, 80 size (EF), 84 DF name (DF).
 *
 * FDB 38 is a DF, 01 a transparent working EF (ISO 7816-4 Table 12).
 */
export function fileControlParameters(spec: FileSpec): Uint8Array {
  const parts =
    spec.kind === 'df'
      ? [tlv(0x82, Uint8Array.of(0x38)), tlv(0x83, fid(spec.fileId)), ...(spec.aid === undefined ? [] : [tlv(0x84, spec.aid)])]
      : [tlv(0x82, Uint8Array.of(0x01)), tlv(0x83, fid(spec.fileId)), tlv(0x80, fid(spec.sizeBytes))];
  return tlv(0x62, concatBytes(parts));
}

/** CREATE FILE under the current DF. */
export function createFile(spec: FileSpec): CommandApdu {
  return { cla: 0x00, ins: INS.createFile, p1: 0x00, p2: 0x00, data: fileControlParameters(spec) };
}

/** DELETE FILE by FID under the current DF. */
export function deleteFile(fileId: number): CommandApdu {
  return { cla: 0x00, ins: INS.deleteFile, p1: 0x00, p2: 0x00, data: fid(fileId) };
}

/**
 * VERIFY (ISO 7816-4 §7.5.6) of reference `ref` (P2).
 *
 * Without `code` this is the retry-counter query: the card answers 63Cx (x tries left), 9000
 * (already verified) or 6983 (blocked) and no try is spent.
 */
export function verify(ref: number, code?: Uint8Array): CommandApdu {
  return code === undefined ? { cla: 0x00, ins: INS.verify, p1: 0x00, p2: ref } : { cla: 0x00, ins: INS.verify, p1: 0x00, p2: ref, data: code };
}

/** GET RESPONSE for `length` bytes announced by 61xx. */
export function getResponse(length: number): CommandApdu {
  return { cla: 0x00, ins: INS.getResponse, p1: 0x00, p2: 0x00, le: length };
}
