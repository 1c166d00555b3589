import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer, type DmHttpServer } from '../../../src-main/dm/http-server.js';
import { echoPeer, RefusalLog } from './helpers.js';

const log = new RefusalLog();
let server: DmHttpServer;

beforeAll(async () => {
  server = await startDmHttpServer({ handler: echoPeer, headersTimeoutMs: 300, requestTimeoutMs: 600, onRefusal: log.listener });
});
afterAll(async () => server?.close());

/** Opens a raw connection, writes `partial`, and resolves with everything received until the server closes. */
function stall(partial: string): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const s = connect(server.port, '127.0.0.1', () => s.write(partial));
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => resolve(text));
    s.on('error', () => resolve(text));
  });
}

describe('startDmHttpServer timeouts', () => {
  it.each([
    ['headers never finished', 'POST /dm HTTP/1.1\r\nHost: x\r\n'],
    ['body never finished', 'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'],
  ])('%s → 408, a TRANSPORT_TIMEOUT refusal, and the server keeps serving', async (_name, partial) => {
    const before = log.all.length;
    const answer = await stall(partial);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const r = await log.waitFor(before, (x) => x.status === 408);
    expect(r).toMatchObject({ code: 'TRANSPORT_TIMEOUT', reason: 'request not received in time' });
    const client = new NodeHttpClient();
    try {
      const ok = await client.send({ method: 'POST', url: `${server.url}/dm`, headers: {}, body: new Uint8Array(3) });
      expect(ok.status).toBe(200);
    } finally {
      client.close();
    }
  });

  it('offers keep-alive with the configured idle timeout', async () => {
    const client = new NodeHttpClient();
    try {
      for (let i = 0; i < 3; i++) {
        const r = await client.send({ method: 'POST', url: `${server.url}/dm`, headers: {}, body: new Uint8Array(1) });
        expect(r.headers['connection']).toBe('keep-alive');
        expect(r.headers['keep-alive']).toBe('timeout=5');
      }
    } finally {
      client.close();
    }
  });
});
