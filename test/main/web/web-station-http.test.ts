import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, inProcessBackend, type Station } from '../../../src-main/station.js';
import { startWebStation, type WebStation } from '../../../src-main/web/web-station.js';
import { resolveInside } from '../../../src-main/web/static-files.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends a raw HTTP request (the path is not normalized, unlike fetch). */
function get(port: number, path: string, init: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host: init.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let station: Station;
let web: WebStation;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bb-web-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Bootbench</title>');
  writeFileSync(join(root, 'assets', 'main-abc123.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'main-abc123.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'leak.txt'));
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 0 });
  web = await startWebStation({ backend: inProcessBackend(station), rendererDir: root });
});

afterAll(async () => {
  await web.close();
  await station.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web station HTTP', () => {
  it('serves index.html with the strict CSP, nosniff and no caching', async () => {
    const r = await get(web.port, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Bootbench</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(r.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${web.port}`,
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe');
  });

  it('serves hashed assets with their content types, cached as immutable', async () => {
    const js = await get(web.port, '/assets/main-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-security-policy']).toBeDefined();
    expect((await get(web.port, '/assets/main-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html', '/%E0%A4%A'])(
    'refuses the traversal attempt %s',
    async (path) => {
      const r = await get(web.port, path);
      expect(r.status).toBe(400);
      expect(r.body).not.toContain('do not serve');
    },
  );

  it('refuses a symlink that leads out of the renderer directory', async () => {
    const r = await get(web.port, '/leak.txt');
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('do not serve');
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await get(web.port, '/nope.js')).status).toBe(404);
    expect((await get(web.port, '/assets')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding) and non-GET methods', async () => {
    expect((await get(web.port, '/', { host: `evil.example:${web.port}` })).status).toBe(421);
    expect((await get(web.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await get(web.port, '/', { host: `localhost:${web.port}` })).status).toBe(200);
  });

  it('answers /healthz', async () => {
    const r = await get(web.port, '/healthz');
    expect(r).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('answers 503 with a hint when the renderer is not built', async () => {
    const bare = await startWebStation({ backend: inProcessBackend(station), rendererDir: join(dir, 'missing') });
    try {
      const r = await get(bare.port, '/');
      expect(r.status).toBe(503);
      expect(r.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });

  it('refuses to bind anything but loopback', async () => {
    await expect(startWebStation({ backend: inProcessBackend(station), host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

describe('resolveInside', () => {
  it('maps / to index.html and keeps paths under the root', () => {
    expect(resolveInside('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveInside('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
    expect(resolveInside('/srv/r', '/../r2/x')).toBeUndefined();
    expect(resolveInside('/srv/r', '//etc/passwd')).toBe('/srv/r/etc/passwd');
  });
});
