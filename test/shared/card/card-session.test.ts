import { describe, expect, it } from 'vitest';
import type { ApduChannel } from '../../../src-shared/card/apdu-channel.js';
import type { ApduTraceEntry } from '../../../src-shared/card/apdu-trace.js';
import { CardRefusal, CardSession } from '../../../src-shared/card/card-session.js';
import * as iso from '../../../src-shared/card/iso7816.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';
import { FaultCard } from '../../support/fault-card.js';

/** A channel that answers from a script and records the commands. */
function scripted(answers: string[]): { channel: ApduChannel; sent: string[] } {
  const sent: string[] = [];
  const channel: ApduChannel = {
    name: 'script',
    atr: () => new Uint8Array(0),
    withExclusive: (body) => body(),
    transmit: async (apdu) => {
      sent.push(toHex(apdu));
      const next = answers.shift();
      if (next === undefined) throw new Error('script exhausted');
      return fromHex(next)!;
    },
  };
  return { channel, sent };
}

describe('CardSession', () => {
  it('completes 61xx with GET RESPONSE and concatenates the chunks', async () => {
    const { channel, sent } = scripted(['6104', 'aabbccdd6102', 'eeff9000']);
    const response = await new CardSession(channel).send(iso.selectAid(fromHex('a0000000')!, 'fcp'));
    expect(response).toEqual({ data: fromHex('aabbccddeeff'), sw: 0x9000 });
    expect(sent).toEqual(['00a4040404a000000000', '00c0000004', '00c0000002']);
  });

  it('resends with the corrected Le on 6Cxx', async () => {
    const { channel, sent } = scripted(['6c05', '01020304059000']);
    expect(await new CardSession(channel).send(iso.readBinary(0, 255))).toEqual({ data: fromHex('0102030405'), sw: 0x9000 });
    expect(sent).toEqual(['00b00000ff', '00b0000005']);
  });

  it('reads and writes in 255-byte chunks with the minimum APDU count', async () => {
    const card = new FaultCard();
    const session = new CardSession(card);
    await session.createFile({ kind: 'ef', fileId: 0x1234, sizeBytes: 1000 });
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const before = session.apduCount;
    await session.updateBinary(0, data);
    expect(session.apduCount - before).toBe(4);
    expect(await session.readBinary(0, 1000)).toEqual(data);
    expect(session.apduCount - before).toBe(8);
    expect(await session.readBinary(990, 255)).toEqual(data.subarray(990));
    expect(await session.readBinary(1000, 10)).toEqual(new Uint8Array(0));
  });

  it('handles a card that answers 6Cxx to short reads', async () => {
    const card = new FaultCard({ faults: { wrongLeOnShortRead: true } });
    const session = new CardSession(card);
    await session.createFile({ kind: 'ef', fileId: 0x1234, sizeBytes: 300 });
    await session.updateBinary(0, new Uint8Array(300).fill(7));
    expect(await session.readBinary(0, 1024)).toEqual(new Uint8Array(300).fill(7));
  });

  it('reports absent files as false and other refusals as CardRefusal with a readable message', async () => {
    const session = new CardSession(new FaultCard());
    expect(await session.selectFid(0x5031)).toBe(false);
    await expect(session.readBinary(0, 10)).rejects.toThrow(new CardRefusal('READ BINARY', 0x6986));
    await expect(session.deleteFile(0x4444)).rejects.toThrow('DELETE FILE 4444: 6A82 File or application not found');
  });

  it('reads retry counters without spending a try', async () => {
    const card = new FaultCard({ codes: new Map([[0x01, { code: '1234', tries: 2 }], [0x0a, { code: '12345678', tries: 0 }]]) });
    const session = new CardSession(card);
    expect(await session.retryCounter(0x01)).toEqual({ kind: 'tries', left: 2 });
    expect(await session.retryCounter(0x01)).toEqual({ kind: 'tries', left: 2 });
    expect(await session.retryCounter(0x0a)).toEqual({ kind: 'blocked' });
    expect(await session.retryCounter(0x02)).toEqual({ kind: 'unknown', sw: 0x6a88 });
    expect(await session.presentCode(0x01, fromHex('31323334')!)).toBe(0x9000);
    expect(await session.retryCounter(0x01)).toEqual({ kind: 'verified' });
  });

  it('traces every exchange with the code redacted', async () => {
    const trace: ApduTraceEntry[] = [];
    const card = new FaultCard({ codes: new Map([[0x01, { code: '1234', tries: 3 }]]) });
    const session = new CardSession(card, { onTrace: (e) => trace.push(e) });
    await session.presentCode(0x01, fromHex('31323334')!);
    expect(trace).toEqual([{ seq: 1, command: '0020000108****************', response: '', sw: '9000', message: 'Success' }]);
    expect(JSON.stringify(trace)).not.toContain('31323334');
  });

  it('propagates a removed card as CARD_ABSENT', async () => {
    const card = new FaultCard({ faults: { tearAtApdu: 2 } });
    const session = new CardSession(card);
    await session.selectFid(0x3f00);
    await expect(session.selectFid(0x3f00)).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    await expect(session.selectFid(0x3f00)).rejects.toBeInstanceOf(ProvisioningError);
  });
});
