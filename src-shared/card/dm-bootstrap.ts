import { bytesEqual, toHex } from '../util/bytes.js';
import { decodeIccidBcd } from '../at/sim-access.js';
import {
  BOOTSTRAP_HEADER_BYTES,
  bootstrapImage,
  classifyBootstrap,
  parseBootstrapHeader,
  type BootstrapContent,
  type Sha256,
} from './bootstrap-file.js';
import { CardRefusal, type CardSession } from './card-session.js';
import { LAYOUT, PKCS15_AID, encodeDodf, encodeOdf, findDataObjectPath, findDodfPath } from './pkcs15.js';

/** Path of EF(DM_Bootstrap) from the MF in the station's layout. */
export const BOOTSTRAP_PATH: readonly number[] = [LAYOUT.mf, LAYOUT.pkcs15Df, LAYOUT.dmBootstrap];
const DODF_PATH: readonly number[] = [LAYOUT.mf, LAYOUT.pkcs15Df, LAYOUT.dodf];

/**
 * Identifies the card for journals: the ICCID from EF 2FE2 when the card has one, else `atr:<hex>`.
 */
export async function readCardId(session: CardSession): Promise<string> {
  if ((await session.selectPath([LAYOUT.mf])) && (await session.selectFid(0x2fe2))) {
    const iccid = decodeIccidBcd(await session.readBinary(0, 10));
    if (iccid !== undefined) return `iccid:${iccid}`;
  }
  return `atr:${toHex(session.channel.atr())}`;
}

async function ensureEf(session: CardSession, fileId: number, sizeBytes: number): Promise<void> {
  if (await session.selectFid(fileId)) return;
  await session.createFile({ kind: 'ef', fileId, sizeBytes });
  if (!(await session.selectFid(fileId))) throw new CardRefusal(`SELECT ${fileId.toString(16)} after CREATE FILE`, 0x6a82);
}

async function writeIfDifferent(session: CardSession, content: Uint8Array): Promise<void> {
  const current = await session.readBinary(0, content.length);
  if (!bytesEqual(current, content)) await session.updateBinary(0, content);
}

/**
 * Creates (or completes) the PKCS#15 DM bootstrap structure: DF 5015 with the PKCS#15 AID, EF(ODF)
 * pointing at EF(DODF), EF(DODF) with the `2.23.43.7.1` object pointing at EF(DM_Bootstrap).
 *
 * Idempotent: existing files are kept, directory contents rewritten only when they differ. An
 * EF(DM_Bootstrap) too small for `capacityBytes` is deleted and recreated.
 */
export async function personalize(session: CardSession, capacityBytes: number): Promise<void> {
  if (!(await session.selectAid(PKCS15_AID))) {
    if (!(await session.selectPath([LAYOUT.mf]))) throw new CardRefusal('SELECT MF', 0x6a82);
    await session.createFile({ kind: 'df', fileId: LAYOUT.pkcs15Df, aid: PKCS15_AID });
    if (!(await session.selectAid(PKCS15_AID))) throw new CardRefusal('SELECT PKCS#15 after CREATE FILE', 0x6a82);
  }
  await ensureEf(session, LAYOUT.odf, LAYOUT.directorySizeBytes);
  await writeIfDifferent(session, encodeOdf(DODF_PATH));
  await session.selectAid(PKCS15_AID);
  await ensureEf(session, LAYOUT.dodf, LAYOUT.directorySizeBytes);
  await writeIfDifferent(session, encodeDodf(BOOTSTRAP_PATH));
  await session.selectAid(PKCS15_AID);
  await ensureEf(session, LAYOUT.dmBootstrap, capacityBytes);
  const probe = await session.readBinary(capacityBytes - 1, 1);
  if (probe.length === 0) {
    await session.selectAid(PKCS15_AID);
    await session.deleteFile(LAYOUT.dmBootstrap);
    await ensureEf(session, LAYOUT.dmBootstrap, capacityBytes);
  }
}

/** Reads the committed header of EF(DM_Bootstrap) in the station's layout; 0 when blank or unreadable. */
export async function readCommittedGeneration(session: CardSession): Promise<number> {
  if (!(await session.selectAid(PKCS15_AID)) || !(await session.selectFid(LAYOUT.dmBootstrap))) return 0;
  const header = parseBootstrapHeader(await session.readBinary(0, BOOTSTRAP_HEADER_BYTES));
  return header.ok && header.value !== 'blank' ? header.value.generation : 0;
}

/**
 * Writes a body as generation `generation`: body first (offset 46, 255-byte chunks), header last.
 *
 * The header is one UPDATE BINARY, the commit point: until it lands the old header's hash does
 * not match the new body, so a torn write reads as `torn`, never as valid.
 */
export async function writeBootstrap(session: CardSession, body: Uint8Array, generation: number, sha256: Sha256): Promise<void> {
  const image = bootstrapImage(body, generation, sha256);
  if (!(await session.selectAid(PKCS15_AID)) || !(await session.selectFid(LAYOUT.dmBootstrap))) throw new CardRefusal('SELECT EF(DM_Bootstrap)', 0x6a82);
  await session.updateBinary(BOOTSTRAP_HEADER_BYTES, image.subarray(BOOTSTRAP_HEADER_BYTES));
  await session.updateBinary(0, image.subarray(0, BOOTSTRAP_HEADER_BYTES));
}

/** Reads header + body of the currently selected EF(DM_Bootstrap) with the fewest READ BINARYs. */
async function readSelectedBootstrap(session: CardSession, sha256: Sha256, expectedLength?: number): Promise<BootstrapContent> {
  const first = await session.readBinary(0, BOOTSTRAP_HEADER_BYTES + (expectedLength ?? 0));
  const header = parseBootstrapHeader(first);
  if (!header.ok) return { state: 'torn', reason: header.error };
  if (header.value === 'blank') return { state: 'blank' };
  const want = BOOTSTRAP_HEADER_BYTES + header.value.lengthBytes;
  const rest = first.length < want ? await session.readBinary(first.length, want - first.length) : new Uint8Array(0);
  const all = rest.length === 0 ? first : new Uint8Array([...first, ...rest]);
  return classifyBootstrap(header.value, all.subarray(BOOTSTRAP_HEADER_BYTES, want), sha256);
}

/** Verify-after-write: reads back in the station's layout (one read stream of header + body). */
export async function readBackBootstrap(session: CardSession, sha256: Sha256, expectedLength: number): Promise<BootstrapContent> {
  if (!(await session.selectAid(PKCS15_AID)) || !(await session.selectFid(LAYOUT.dmBootstrap))) return { state: 'blank' };
  return readSelectedBootstrap(session, sha256, expectedLength);
}

/** Why a device-side read found no bootstrap. */
export type DeviceReadResult = BootstrapContent | { readonly state: 'absent'; readonly reason: string };

/**
 * Reads the bootstrap the way a device's DM client does: SELECT the PKCS#15 AID, follow EF(ODF)
 * `5031` to EF(DODF), find the `2.23.43.7.1` object, follow its path to EF(DM_Bootstrap).
 *
 * Uses only the card's own directory structure (no station layout constants beyond 5031).
 */
export async function readBootstrapAsDevice(session: CardSession, sha256: Sha256): Promise<DeviceReadResult> {
  if (!(await session.selectAid(PKCS15_AID))) return { state: 'absent', reason: 'no PKCS#15 application' };
  if (!(await session.selectFid(LAYOUT.odf))) return { state: 'absent', reason: 'no EF(ODF) 5031' };
  const dodfPath = findDodfPath(await session.readBinary(0, 1024));
  if (!dodfPath.ok) return { state: 'absent', reason: dodfPath.error };
  if (!(await session.selectPath(dodfPath.value))) return { state: 'absent', reason: 'EF(DODF) not found at its ODF path' };
  const objectPath = findDataObjectPath(await session.readBinary(0, 1024));
  if (!objectPath.ok) return { state: 'absent', reason: objectPath.error };
  if (!(await session.selectPath(objectPath.value))) return { state: 'absent', reason: 'EF(DM_Bootstrap) not found at its DODF path' };
  return readSelectedBootstrap(session, sha256);
}
