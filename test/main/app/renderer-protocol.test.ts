import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron.js')).createFakeElectron().module);

const { resolveRendererPath, serveRenderer } = await import('../../../src-main/app/renderer-protocol.js');
const { CONTENT_SECURITY_POLICY } = await import('../../../src-main/app/security.js');
const { createFakeElectron } = await import('./fake-electron.js');

const root = mkdtempSync(join(tmpdir(), 'bb-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Bootbench</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'bb-outside.txt'), 'secret');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveRendererPath', () => {
  it('maps app URLs to files under the root, / to index.html', () => {
    expect(resolveRendererPath(root, 'app://bootbench/')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, 'app://bootbench/assets/app.js?v=1#x')).toBe(join(root, 'assets', 'app.js'));
  });

  it.each(['app://bootbench/../bb-outside.txt', 'app://bootbench/%2e%2e/bb-outside.txt'])('keeps %s inside the root (URL parsing drops the dot segments)', (url) => {
    expect(resolveRendererPath(root, url)).toBe(join(root, 'bb-outside.txt'));
  });

  it.each([
    'app://bootbench/assets/%2e%2e%2f%2e%2e%2fbb-outside.txt',
    'app://bootbench/..%5cbb-outside.txt',
    'app://bootbench/index.html%00.js',
    'app://bootbench/%E0%A4%A',
    'app://other/index.html',
    'https://bootbench/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveRendererPath(root, url)).toBeUndefined();
  });
});

describe('serveRenderer', () => {
  const electron = createFakeElectron();
  const session = electron.module.session.defaultSession;
  serveRenderer(session as never, root);
  const handler = session.protocolHandlers.get('app')!;
  const get = (url: string, method = 'GET') => handler({ url, method } as Request);

  it('serves files with their type and the strict CSP', async () => {
    const response = await get('app://bootbench/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Bootbench</title>');
    expect((await get('app://bootbench/assets/app.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers 404 (with the CSP) for missing files, escapes and non-GET methods', async () => {
    for (const response of [await get('app://bootbench/nope.js'), await get('app://bootbench/%2e%2e/bb-outside.txt'), await get('app://bootbench/', 'POST')]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
