import { describe, expect, it } from 'vitest';
import { encodeFrame, FLAG_FIN, FrameType } from '../../../src-shared/link/frame.js';
import { encodeMessage } from '../../../src-shared/link/message-codec.js';
import { apduDrafts } from '../../../src-shared/trace/apdu-summary.js';
import { LineObserver } from '../../../src-shared/trace/line-observer.js';
import { maskAtLine, maskJson } from '../../../src-shared/trace/mask.js';
import { MEDIA_TYPES } from '../../../src-shared/protocol/dm/packages/media-types.js';

const te = new TextEncoder();
const data = (seq: number, payload: Uint8Array, fin = true) => encodeFrame({ type: FrameType.DATA, flags: fin ? FLAG_FIN : 0, seq, ack: 0, payload });

describe('masking', () => {
  it('masks secret members at any depth and keeps the rest', () => {
    const masked = maskJson({ DMAcc: { SrvID: 'x', Auth: { Trsp: { Data: 'user', Secret: 'c2VjcmV0' }, Bootstrap: { ClientSecretKey: 'k' } } }, list: [{ password: 'p', PIN: '1234', psk: 'aa' }] });
    expect(JSON.stringify(masked)).not.toMatch(/c2VjcmV0|"k"|"p"|1234|"aa"/);
    expect(masked).toMatchObject({ DMAcc: { SrvID: 'x', Auth: { Trsp: { Data: 'user', Secret: '•••' }, Bootstrap: { ClientSecretKey: '•••' } } } });
  });

  it.each([
    ['AT+CPIN="1234"', 'AT+CPIN=•••'],
    ['AT+CPIN=1234,5678', 'AT+CPIN=•••'],
    ['AT+CPWD="SC","1111","2222"', 'AT+CPWD=•••'],
    ['AT+CLCK="SC",1,"1234"', 'AT+CLCK="SC",1,•••'],
    ['AT+BBKEY=00112233', 'AT+BBKEY=•••'],
    ['AT+CGSN', 'AT+CGSN'],
    ['AT+CSIM=10,"00A4040C00"', 'AT+CSIM=10,"00A4040C00"'],
  ])('AT line %s → %s', (line, expected) => {
    expect(maskAtLine(line)).toBe(expected);
  });

  it('VERIFY APDUs never keep the PIN; the SW is decoded', () => {
    const verify = Uint8Array.from([0x00, 0x20, 0x00, 0x01, 0x08, 0x31, 0x32, 0x33, 0x34, 0xff, 0xff, 0xff, 0xff]);
    const [cmd, rsp] = apduDrafts(verify, Uint8Array.from([0x63, 0xc2]));
    expect(cmd!.summary).toBe('VERIFY 00200001 Lc 8 data •••');
    expect(JSON.stringify(cmd)).not.toMatch(/31323334|"49"/);
    expect(Buffer.from(cmd!.bytes!).toString('hex')).toBe('0020000108');
    expect(rsp!.summary).toMatch(/^63C2 .*2/i);
    const [select] = apduDrafts(Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, 0x02, 0x3f, 0x00]), undefined);
    expect(select!.summary).toBe('SELECT 00a4040c Lc 2');
  });
});

describe('LineObserver', () => {
  it('reassembles a message across fragments, flags retransmissions, survives a corrupt frame, and names the response', () => {
    const o = new LineObserver();
    o.observe('out', te.encode('AT+BBLINK\r'));
    o.observe('in', te.encode('\r\nOK\r\n'));
    const body = te.encode(JSON.stringify({ MOS: [], Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] }));
    const request = encodeMessage({ kind: 'request', exchangeId: 3, request: { method: 'POST', target: '/dm', headers: [['Content-Type', MEDIA_TYPES.initiation], ['Authorization', 'Digest secret-thing']], body } });
    const first = data(100, request.subarray(0, 20), false);
    const second = data(101, request.subarray(20));
    const corrupt = Uint8Array.from(second);
    corrupt[3] = corrupt[3]! ^ 0xff;
    const drafts = [...o.observe('in', first), ...o.observe('in', corrupt), ...o.observe('in', first), ...o.observe('in', second)];
    expect(drafts.map((d) => `${d.layer} ${d.summary}`)).toEqual([
      'link DATA seq 100 ack 0 len 20',
      expect.stringMatching(/^link rejected frame \((crc|cobs|length-mismatch)\)$/),
      'link DATA seq 100 ack 0 len 20 (retransmission)',
      expect.stringMatching(/^link DATA seq 101 ack 0 len \d+ FIN$/),
      'dm POST /dm Package#1 MOS 0, Alert urn:oma:at:dm:2.0:ClientInitiatedMgmt',
    ]);
    const dm = drafts.at(-1)!;
    expect(dm.detail).toContain('Authorization: •••');
    expect(dm.detail).not.toContain('secret-thing');
    // DATA records keep only the 8-byte header, never the payload.
    expect(drafts[0]!.bytes).toHaveLength(8);
    const response = encodeMessage({ kind: 'response', exchangeId: 3, response: { status: 200, headers: [['content-type', MEDIA_TYPES.request]], body: te.encode(JSON.stringify({ CMD: [['GET', 'urn:oma:mo:oma-dm-devinfo:1.2//Man'], ['END']] })) } });
    const out = o.observe('out', data(7, response));
    expect(out.at(-1)!.summary).toBe('200 to POST /dm Package#2 GET urn:oma:mo:oma-dm-devinfo:1.2//Man; END');
  });

  it('puts out-of-order fragments back in order', () => {
    const o = new LineObserver();
    const msg = encodeMessage({ kind: 'request', exchangeId: 1, request: { method: 'GET', target: '/repo/x?ui=abc', headers: [], body: new Uint8Array() } });
    const a = data(65535, msg.subarray(0, 5), false);
    const b = data(0, msg.subarray(5, 9), false);
    const c = data(1, msg.subarray(9));
    const drafts = [...o.observe('out', new Uint8Array([0])), ...o.observe('out', a), ...o.observe('out', c), ...o.observe('out', b)];
    expect(drafts.filter((d) => d.layer === 'dm').map((d) => d.summary)).toEqual(['GET /repo/x?…']);
  });

  it('never throws on garbage and keeps decoding afterwards', () => {
    const o = new LineObserver();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 200; i++) o.observe(i % 2 === 0 ? 'in' : 'out', Uint8Array.from({ length: 64 }, rnd));
    const ok = o.observe('in', new Uint8Array([0, ...encodeFrame({ type: FrameType.PING, flags: 0, seq: 1, ack: 2, payload: new Uint8Array() })]));
    expect(ok.map((d) => d.summary)).toContain('PING seq 1 ack 2');
  });
});
