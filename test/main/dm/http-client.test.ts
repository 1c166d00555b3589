import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { HttpResponse } from '../../../src-shared/ports/http.js';
import { NodeHttpClient } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer, type DmHttpServer } from '../../../src-main/dm/http-server.js';

let server: DmHttpServer;
let release: () => void = () => undefined;

beforeAll(async () => {
  server = await startDmHttpServer({
    handler: async (req): Promise<HttpResponse> => {
      if (req.url === '/big') return { status: 200, headers: {}, body: new Uint8Array(10_000) };
      if (req.url === '/hang') await new Promise<void>((resolve) => (release = resolve));
      return { status: 204, headers: {}, body: new Uint8Array(0) };
    },
  });
});
afterAll(async () => {
  release();
  await server?.close(100);
});

async function failure(p: Promise<unknown>): Promise<ProvisioningError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProvisioningError);
  return e as ProvisioningError;
}

const get = (url: string) => ({ method: 'GET', url, headers: {}, body: new Uint8Array(0) });

describe('NodeHttpClient typed errors', () => {
  it('refuses a response larger than maxResponseBytes', async () => {
    const c = new NodeHttpClient({ maxResponseBytes: 1000 });
    const e = await failure(c.send(get(`${server.url}/big`)));
    expect(e.code).toBe('PROTOCOL_VIOLATION');
    expect(e.message).toMatch(/exceeds 1000 bytes/);
    expect((await c.send(get(`${server.url}/ok`))).status).toBe(204);
    c.close();
  });

  it('times out with TRANSPORT_TIMEOUT', async () => {
    const c = new NodeHttpClient({ timeoutMs: 150 });
    const e = await failure(c.send(get(`${server.url}/hang`)));
    expect(e.code).toBe('TRANSPORT_TIMEOUT');
    expect(e.retryable).toBe(true);
    release();
    c.close();
  });

  it('is cancelled by an abort signal', async () => {
    const c = new NodeHttpClient();
    const ac = new AbortController();
    const pending = c.send(get(`${server.url}/hang`), ac.signal);
    ac.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    release();
    const already = new AbortController();
    already.abort();
    expect((await failure(c.send(get(`${server.url}/ok`), already.signal))).code).toBe('CANCELLED');
    c.close();
  });

  it('reports a refused connection as DEVICE_DISCONNECTED and bad URLs as INVALID_REQUEST', async () => {
    const c = new NodeHttpClient();
    const closed = await startDmHttpServer({ handler: async () => ({ status: 200, headers: {}, body: new Uint8Array(0) }) });
    const url = closed.url;
    await closed.close();
    const e = await failure(c.send(get(`${url}/dm`)));
    expect(e.code).toBe('DEVICE_DISCONNECTED');
    expect(e.message).toMatch(/refused/);
    expect((await failure(c.send(get('/relative')))).code).toBe('INVALID_REQUEST');
    expect((await failure(c.send(get('ftp://127.0.0.1/x')))).code).toBe('INVALID_REQUEST');
    c.close();
  });
});
