/**
 * UICC PIN format (ETSI TS 102 221 §9.5.1): PIN references take their digits padded with FF to 8
 * bytes; ADM/key references take the operator's bytes unchanged (docs/smartcard-bootstrap.md).
 */
import { describe, expect, it } from 'vitest';
import { bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob, type CardCode } from '../../../src-shared/card/bootstrap-job.js';
import type { ApduChannel } from '../../../src-shared/card/apdu-channel.js';
import type { ApduTraceEntry } from '../../../src-shared/card/apdu-trace.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { checkCode, isPinReference, verifyData } from '../../../src-shared/card/verify-data.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { utf8Encode } from '../../../src-shared/link/utf8.js';
import { apduDrafts } from '../../../src-shared/trace/apdu-summary.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { FaultCard } from '../../support/fault-card.js';

const ascii = (text: string): Uint8Array => utf8Encode(text);

/** The thrown error, for asserting on its code and message. */
function thrown(body: () => unknown): ProvisioningError {
  try {
    body();
  } catch (error) {
    if (error instanceof ProvisioningError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

/** A FaultCard whose every transmitted command is copied (before the session zeroes it). */
function recorded(card: FaultCard): { channel: ApduChannel; sent: string[]; live: Uint8Array[] } {
  const sent: string[] = [];
  const live: Uint8Array[] = [];
  const channel: ApduChannel = {
    name: card.name,
    atr: () => card.atr(),
    withExclusive: (body) => card.withExclusive(body),
    transmit: async (apdu) => {
      sent.push(toHex(apdu));
      live.push(apdu);
      return card.transmit(apdu);
    },
  };
  return { channel, sent, live };
}

describe('verifyData: the VERIFY data field of a code', () => {
  it('pads a 4-digit PIN with FF to 8 bytes', () => {
    expect(toHex(verifyData(0x01, ascii('1234')))).toBe('31323334ffffffff');
    expect(toHex(verifyData(0x81, ascii('0000')))).toBe('30303030ffffffff');
  });

  it('sends an 8-digit PIN as its 8 digits, and 5–7 digits padded', () => {
    expect(toHex(verifyData(0x08, ascii('48151623')))).toBe('3438313531363233');
    expect(toHex(verifyData(0x02, ascii('12345')))).toBe('3132333435ffffff');
    expect(toHex(verifyData(0x88, ascii('1234567')))).toBe('31323334353637ff');
  });

  it('returns a new array for a PIN and leaves the caller\'s code as given', () => {
    const code = ascii('1234');
    const data = verifyData(0x01, code);
    expect(data).not.toBe(code);
    expect(toHex(code)).toBe('31323334');
  });

  it('refuses a PIN that is not 4 to 8 ASCII digits with INVALID_REQUEST, never echoing it', () => {
    for (const bad of ['123', '', '123456789', '12a4', '12 34', '１２３４', '1234\n']) {
      const error = thrown(() => verifyData(0x01, ascii(bad)));
      expect(error.code, JSON.stringify(bad)).toBe('INVALID_REQUEST');
      expect(error.message).toContain('a PIN is 4 to 8 digits');
      if (bad.trim().length > 0) expect(error.message).not.toContain(bad.trim());
    }
    // Already padded data is not a PIN: the station pads, callers give digits.
    expect(thrown(() => verifyData(0x01, fromHex('31323334ffffffff')!)).code).toBe('INVALID_REQUEST');
    expect(thrown(() => verifyData(0x84, ascii('98765'.repeat(2)))).message).not.toContain('9876598765');
  });

  it('sends ADM and key references unchanged (the same bytes, any content)', () => {
    const adm = ascii('12345678');
    expect(verifyData(0x0a, adm)).toBe(adm);
    const binary = fromHex('a1b2c3d4e5f60708')!;
    expect(verifyData(0x0b, binary)).toBe(binary);
    const short = ascii('12');
    expect(verifyData(0x0e, short)).toBe(short);
    expect(verifyData(0x00, short)).toBe(short);
    expect(verifyData(0x80, short)).toBe(short);
    expect(verifyData(0x89, short)).toBe(short);
  });

  it('refuses an empty or over-long code for other references', () => {
    expect(thrown(() => verifyData(0x0a, new Uint8Array(0))).code).toBe('INVALID_REQUEST');
    expect(thrown(() => checkCode(0x0a, new Uint8Array(256))).message).toMatch(/1 to 255 bytes/);
    expect(() => checkCode(0x0a, new Uint8Array(255))).not.toThrow();
  });

  it('names exactly the PIN references 01–08 and 81–88', () => {
    const pins = Array.from({ length: 256 }, (_, ref) => ref).filter(isPinReference);
    expect(pins.map((r) => r.toString(16).padStart(2, '0'))).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '81', '82', '83', '84', '85', '86', '87', '88']);
  });
});

describe('presenting codes to the UICC model', () => {
  it('a 4-digit PIN goes out as Lc 8 with FF padding and is accepted; the trace masks all 8 bytes', async () => {
    const card = new FaultCard({ codes: new Map([[0x01, { code: '1234', tries: 3 }]]) });
    const { channel, sent, live } = recorded(card);
    const trace: ApduTraceEntry[] = [];
    const code = ascii('1234');
    expect(await new CardSession(channel, { onTrace: (e) => trace.push(e) }).presentCode(0x01, code)).toBe(0x9000);
    expect(sent).toEqual(['002000010831323334ffffffff']);
    expect(trace.map((e) => e.command)).toEqual(['0020000108****************']);
    expect(JSON.stringify(trace)).not.toMatch(/31323334|ffffffff/i);
    // The encoded command the channel saw is zeroed once the exchange is over; the caller's code is its own to zero.
    expect(live[0]).toEqual(new Uint8Array(13));
    expect(toHex(code)).toBe('31323334');
    expect(card.codes.get(0x01)).toMatchObject({ verified: true, tries: 3 });
  });

  it('a wrong PIN costs one try; an unpadded VERIFY to a PIN reference is 6700 and costs none', async () => {
    const card = new FaultCard({ codes: new Map([[0x01, { code: '1234', tries: 3 }]]) });
    const session = new CardSession(card);
    expect(await session.presentCode(0x01, ascii('4321'))).toBe(0x63c2);
    // The pre-fix wire form (Lc 4, no padding), as an old station would send it.
    expect(toHex(await card.transmit(fromHex('002000010431323334')!))).toBe('6700');
    expect(toHex(await card.transmit(fromHex('00200001093132333435363738ff')!))).toBe('6700');
    expect(card.codes.get(0x01)).toMatchObject({ tries: 2, verified: false });
    expect(toHex(await card.transmit(fromHex('002000010831323334ffffffff')!))).toBe('9000');
  });

  it('an ADM code goes out as given and the model compares it as given', async () => {
    const card = new FaultCard({ codes: new Map([[0x0a, { code: '12345678', tries: 3 }], [0x0b, { code: '123', tries: 3 }]]) });
    const { channel, sent } = recorded(card);
    const session = new CardSession(channel);
    expect(await session.presentCode(0x0a, ascii('12345678'))).toBe(0x9000);
    expect(await session.presentCode(0x0b, ascii('123'))).toBe(0x9000);
    expect(sent).toEqual(['0020000a083132333435363738', '0020000b03313233']);
  });

  it('a malformed PIN is refused before any APDU: no try spent, nothing written', async () => {
    const card = new FaultCard({ iccid: '8944500102198304826', writeNeedsRef: 0x01, codes: new Map([[0x01, { code: '1234', tries: 3 }]]) });
    const session = new CardSession(card);
    await expect(session.presentCode(0x01, ascii('12'))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const code: CardCode = { ref: 0x01, value: ascii('12x4') };
    const input = { body: bootstrapBody(bootstrapJson('pin')), sha256, journals: new MemoryJournals(), clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false }, code };
    await expect(runBootstrapJob(session, input)).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('a PIN is 4 to 8 digits') as string });
    expect(card.apduCount).toBe(0);
    expect(card.codes.get(0x01)!.tries).toBe(3);
  });

  it('the bootstrap job presents a 4-digit PIN padded and writes the card', async () => {
    const card = new FaultCard({ iccid: '8944500102198304826', writeNeedsRef: 0x01, codes: new Map([[0x01, { code: '2468', tries: 3 }]]) });
    const body = bootstrapBody(bootstrapJson('pin'));
    const input = { body, sha256, journals: new MemoryJournals(), clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false }, code: { ref: 0x01, value: ascii('2468') } };
    const { report } = await runBootstrapJob(new CardSession(card), input);
    expect(report).toMatchObject({ status: 'ok', written: true });
    expect(card.minTriesSeen).toBe(3);
  });
});

describe('trace summaries mask a padded VERIFY', () => {
  it('apduDrafts shows the header and Lc 8, never the digits or the padding', () => {
    const command = fromHex('002000010831323334ffffffff')!;
    const [out] = apduDrafts(command, fromHex('9000')!);
    expect(out).toMatchObject({ summary: 'VERIFY 00200001 Lc 8 data •••', detail: '> 0020000108••••••••', length: 13 });
    expect(toHex(out!.bytes!)).toBe('0020000108');
    expect(JSON.stringify(out)).not.toMatch(/31323334|ffffffff/i);
  });
});
