import { readFileSync } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Deframer } from '../../../src-shared/link/deframer.js';
import { decodeFrame, encodeFrame, encodeFrameBody, FrameType, type Frame, type FrameTypeValue } from '../../../src-shared/link/frame.js';
import { decodeHello, encodeHello, type HelloParams } from '../../../src-shared/link/hello.js';
import { decodeMessage, encodeMessage, type LinkMessage } from '../../../src-shared/link/message-codec.js';
import { utf8Encode } from '../../../src-shared/link/utf8.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';

const doc = readFileSync(new URL('../../../docs/link-protocol.md', import.meta.url), 'utf8');

function blocks(lang: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))) {
    const fields: Record<string, string> = {};
    for (const line of m[1]!.split('\n')) {
      const at = line.indexOf(':');
      if (at > 0) fields[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    out.push(fields);
  }
  return out;
}

interface MessageJson {
  kind: 'request' | 'response' | 'notification';
  exchangeId?: number;
  method?: string;
  target?: string;
  status?: number;
  headers?: [string, string][];
  bodyUtf8?: string;
  payloadHex?: string;
}

function messageFromJson(j: MessageJson): LinkMessage {
  switch (j.kind) {
    case 'request':
      return { kind: 'request', exchangeId: j.exchangeId!, request: { method: j.method!, target: j.target!, headers: j.headers!, body: utf8Encode(j.bodyUtf8!) } };
    case 'response':
      return { kind: 'response', exchangeId: j.exchangeId!, response: { status: j.status!, headers: j.headers!, body: utf8Encode(j.bodyUtf8!) } };
    case 'notification':
      return { kind: 'notification', payload: fromHex(j.payloadHex!)! };
    default:
      return assertNever(j.kind, 'unknown message kind');
  }
}

const vectors = blocks('vector');
const streams = blocks('stream');

describe('docs/link-protocol.md test vectors', () => {
  it('the document has the vectors this test expects', () => {
    expect(vectors.map((v) => v.type)).toEqual(['HELLO', 'HELLO_ACK', 'DATA', 'DATA', 'DATA', 'ACK', 'PING', 'RESET']);
    expect(streams).toHaveLength(1);
  });

  it.each(vectors.map((v) => [v.name!, v] as const))('%s: encoder and decoder match the document', (_name, v) => {
    const frame: Frame = {
      type: FrameType[v.type as keyof typeof FrameType] as FrameTypeValue,
      flags: Number.parseInt(v.flags!, 16),
      seq: Number.parseInt(v.seq!, 16),
      ack: Number.parseInt(v.ack!, 16),
      payload: fromHex(v.payload ?? '')!,
    };
    const body = fromHex(v.body!)!;
    expect(toHex(encodeFrameBody(frame))).toBe(toHex(body));
    expect(toHex(encodeFrame(frame))).toBe(toHex(fromHex(v.wire!)!));
    // Independent CRC check (zlib's CRC-32, not the crc-32 package).
    const crcAt = body.length - 4;
    expect(new DataView(body.buffer).getUint32(crcAt)).toBe(zlibCrc32(body.subarray(0, crcAt)));
    const wire = fromHex(v.wire!)!;
    expect(decodeFrame(wire.subarray(0, -1))).toEqual({ ok: true, frame });
    if (v.hello !== undefined) {
      const hello = JSON.parse(v.hello) as HelloParams;
      expect(toHex(encodeHello(hello))).toBe(toHex(frame.payload));
      expect(decodeHello(frame.payload)).toEqual({ ok: true, value: hello });
    }
    if (v.message !== undefined) {
      const message = messageFromJson(JSON.parse(v.message) as MessageJson);
      expect(toHex(encodeMessage(message))).toBe(toHex(frame.payload));
      expect(decodeMessage(frame.payload)).toEqual({ ok: true, value: message });
    }
  });

  it.each(vectors.map((v) => [v.name!, v] as const))('%s: every single-bit flip of the wire bytes is rejected', (_name, v) => {
    const wire = fromHex(v.wire!)!;
    for (let bit = 0; bit < wire.length * 8; bit++) {
      const damaged = wire.slice();
      damaged[bit >> 3] = damaged[bit >> 3]! ^ (1 << (bit & 7));
      const deframer = new Deframer(1024);
      const items = [...deframer.push(Uint8Array.of(0)), ...deframer.push(damaged), ...deframer.push(Uint8Array.of(0))];
      expect(items.filter((i) => i.ok)).toEqual([]);
    }
  });

  it('garbage then burst: noise and the damaged frame are rejected, the good frames accepted', () => {
    const s = streams[0]!;
    const deframer = new Deframer(1024);
    const items = deframer.push(fromHex(s.stream!)!);
    const accepted = items.filter((i) => i.ok).map((i) => (i.ok ? Object.entries(FrameType).find(([, t]) => t === i.frame.type)![0] : ''));
    expect(accepted.join(' ')).toBe(s.accepted);
    expect(items.filter((i) => !i.ok)).toHaveLength(Number(s.rejected));
  });
});
