import * as asn1js from 'asn1js';
import { fromHex } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';

/** PKCS#15 application identifier (PKCS#15 v1.1 §5.4.1): `A0 00 00 00 63 "PKCS-15"`. */
export const PKCS15_AID: Uint8Array = fromHex('A000000063504B43532D3135')!;
/** OID of the OMA DM bootstrap data object (OMA DM smartcard provisioning). */
export const DM_BOOTSTRAP_OID = '2.23.43.7.1';

/**
 * Where the station puts the DM bootstrap structure on a blank card (see docs/smartcard-bootstrap.md).
 *
 * `5015` and `5031` are PKCS#15's conventional DF and EF(ODF) identifiers; the DODF and
 * DM_Bootstrap FIDs are ours (any free FID works: readers follow the ODF and DODF paths).
 */
export const LAYOUT = {
  mf: 0x3f00,
  pkcs15Df: 0x5015,
  odf: 0x5031,
  dodf: 0x5207,
  dmBootstrap: 0x5208,
  /** Capacity of EF(ODF) and EF(DODF). */
  directorySizeBytes: 128,
} as const;

function bufferOf(der: ArrayBuffer): Uint8Array {
  return new Uint8Array(der);
}

function pathSequence(path: readonly number[]): asn1js.Sequence {
  const bytes = new Uint8Array(path.length * 2);
  path.forEach((fid, i) => {
    bytes[i * 2] = fid >> 8;
    bytes[i * 2 + 1] = fid & 0xff;
  });
  return new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: bytes })] });
}

/**
 * EF(ODF) content: one `dataObjects [7]` entry pointing at EF(DODF) (PKCS#15 §6.2).
 *
 * `PKCS15Objects ::= CHOICE { …, dataObjects [7] PathOrObjects{DataType} }`, `Path ::= SEQUENCE { path OCTET STRING }`.
 */
export function encodeOdf(dodfPath: readonly number[]): Uint8Array {
  const entry = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 7 }, value: [pathSequence(dodfPath)] });
  return bufferOf(entry.toBER(false));
}

/**
 * EF(DODF) content: one `oidDO [1]` data object with id {@link DM_BOOTSTRAP_OID} whose value is
 * the indirect path of EF(DM_Bootstrap) (PKCS#15 §6.7, IMPLICIT tags).
 */
export function encodeDodf(bootstrapPath: readonly number[], label = 'DM Bootstrap'): Uint8Array {
  const commonObject = new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: label })] });
  const commonData = new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: 'OMA DM' })] });
  const typeAttributes = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [new asn1js.ObjectIdentifier({ value: DM_BOOTSTRAP_OID }), pathSequence(bootstrapPath)],
  });
  const oidDo = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [commonObject, commonData, typeAttributes] });
  return bufferOf(oidDo.toBER(false));
}

/** Decodes consecutive top-level DER elements (stopping at 00/FF padding). */
function topLevel(bytes: Uint8Array): Result<asn1js.AsnType[], string> {
  const out: asn1js.AsnType[] = [];
  let offset = 0;
  while (offset < bytes.length && bytes[offset] !== 0x00 && bytes[offset] !== 0xff) {
    const view = bytes.slice(offset);
    let decoded: ReturnType<typeof asn1js.fromBER>;
    try {
      // asn1js throws RangeError on some truncated inputs (found by fuzzing): contain it here.
      decoded = asn1js.fromBER(view);
    } catch (error) {
      return err(`bad DER at offset ${offset}: ${error instanceof Error ? error.message : 'undecodable'}`);
    }
    if (decoded.offset === -1 || decoded.result.error !== '') return err(`bad DER at offset ${offset}: ${decoded.result.error}`);
    out.push(decoded.result);
    offset += decoded.offset;
    if (out.length > 64) return err('too many DER elements');
  }
  return ok(out);
}

function tagOf(node: asn1js.AsnType): { cls: number; num: number } {
  return { cls: node.idBlock.tagClass, num: node.idBlock.tagNumber };
}

function childrenOf(node: asn1js.AsnType): readonly asn1js.AsnType[] | undefined {
  const value: unknown = (node as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  return Array.isArray(value) ? (value as asn1js.AsnType[]) : undefined;
}

function decodePath(node: asn1js.AsnType | undefined): number[] | undefined {
  if (node === undefined || tagOf(node).cls !== 1 || tagOf(node).num !== 16) return undefined;
  const octets = childrenOf(node)?.[0];
  if (!(octets instanceof asn1js.OctetString)) return undefined;
  const bytes = new Uint8Array(octets.valueBlock.valueHexView);
  if (bytes.length === 0 || bytes.length % 2 !== 0 || bytes.length > 16) return undefined;
  const path: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) path.push((bytes[i]! << 8) | bytes[i + 1]!);
  return path;
}

/** Runs a decoder over untrusted card content; any library exception becomes an error value. */
function guarded(what: string, body: () => Result<number[], string>): Result<number[], string> {
  try {
    return body();
  } catch (error) {
    return err(`${what}: ${error instanceof Error ? error.message : 'undecodable'}`);
  }
}

/** Finds the path of the first `dataObjects [7]` entry in EF(ODF) content. */
export function findDodfPath(odf: Uint8Array): Result<number[], string> {
  return guarded('ODF', () => odfPath(odf));
}

function odfPath(odf: Uint8Array): Result<number[], string> {
  const elements = topLevel(odf);
  if (!elements.ok) return elements;
  for (const element of elements.value) {
    const tag = tagOf(element);
    if (tag.cls !== 3 || tag.num !== 7) continue;
    const path = decodePath(childrenOf(element)?.[0]);
    if (path !== undefined) return ok(path);
    return err('ODF dataObjects entry does not hold a path');
  }
  return err('ODF has no dataObjects entry');
}

/** Finds the path of the oidDO with `oid` (default {@link DM_BOOTSTRAP_OID}) in EF(DODF) content. */
export function findDataObjectPath(dodf: Uint8Array, oid: string = DM_BOOTSTRAP_OID): Result<number[], string> {
  return guarded('DODF', () => dataObjectPath(dodf, oid));
}

function dataObjectPath(dodf: Uint8Array, oid: string): Result<number[], string> {
  const elements = topLevel(dodf);
  if (!elements.ok) return elements;
  for (const element of elements.value) {
    const tag = tagOf(element);
    if (tag.cls !== 3 || tag.num !== 1) continue;
    const typeAttributes = childrenOf(element)?.find((c) => tagOf(c).cls === 3 && tagOf(c).num === 1);
    const parts = typeAttributes === undefined ? undefined : childrenOf(typeAttributes);
    const id = parts?.[0];
    if (!(id instanceof asn1js.ObjectIdentifier) || id.valueBlock.toString() !== oid) continue;
    const path = decodePath(parts?.[1]);
    if (path !== undefined) return ok(path);
    return err(`DODF object ${oid} has no path value`);
  }
  return err(`DODF has no data object with OID ${oid}`);
}
