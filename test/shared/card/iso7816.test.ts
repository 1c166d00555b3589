import { describe, expect, it } from 'vitest';
import { encodeCommandApdu } from '../../../src-shared/card/apdu.js';
import * as iso from '../../../src-shared/card/iso7816.js';
import { PKCS15_AID } from '../../../src-shared/card/pkcs15.js';
import { toHex } from '../../../src-shared/util/bytes.js';

const hex = (apdu: iso.FileSpec | Parameters<typeof encodeCommandApdu>[0]) => toHex(encodeCommandApdu(apdu as Parameters<typeof encodeCommandApdu>[0]));

describe('ISO 7816-4 command builders', () => {
  it('selects by FID, path and AID with P2=0C by default', () => {
    expect(hex(iso.selectFid(0x5031))).toBe('00a4000c025031');
    expect(hex(iso.selectPath([0x3f00, 0x5015, 0x5208]))).toBe('00a4080c0450155208');
    expect(hex(iso.selectPath([0x3f00]))).toBe('00a4000c023f00');
    expect(hex(iso.selectAid(PKCS15_AID))).toBe('00a4040c0ca000000063504b43532d3135');
    expect(hex(iso.selectFid(0x3f00, 'fcp'))).toBe('00a40004023f0000');
  });

  it('builds READ/UPDATE BINARY with 15-bit offsets and refuses the rest', () => {
    expect(hex(iso.readBinary(0x1234, 255))).toBe('00b01234ff');
    expect(hex(iso.updateBinary(46, Uint8Array.of(1, 2)))).toBe('00d6002e020102');
    expect(() => iso.readBinary(0x8000, 1)).toThrow(/offset/);
    expect(() => iso.updateBinary(0, new Uint8Array(256))).toThrow(/outside 1..255/);
  });

  it('builds CREATE FILE FCPs for DFs and transparent EFs, DELETE FILE, VERIFY and GET RESPONSE', () => {
    expect(hex(iso.createFile({ kind: 'ef', fileId: 0x5208, sizeBytes: 4096 }))).toBe('00e000000d620b820101830252088002' + '1000');
    expect(hex(iso.createFile({ kind: 'df', fileId: 0x5015, aid: PKCS15_AID }))).toBe('00e0000017' + '6215' + '820138' + '83025015' + '840ca000000063504b43532d3135');
    expect(hex(iso.deleteFile(0x5208))).toBe('00e40000025208');
    expect(hex(iso.verify(0x01))).toBe('00200001');
    expect(hex(iso.verify(0x0a, Uint8Array.of(0x31, 0x32)))).toBe('0020000a023132');
    expect(hex(iso.getResponse(0x1c))).toBe('00c000001c');
    expect(() => iso.selectFid(0x10000)).toThrow(/16-bit/);
  });
});
