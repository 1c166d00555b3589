import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, isAppUrl } from './app-origin.js';
import { SECURITY_HEADERS } from './security.js';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Declares `app:` as a standard, secure scheme. Must run before the app is ready.
 *
 * Standard gives it real origins (`app://bootbench`), so `'self'` in the CSP and same-origin
 * checks work; secure makes it a secure context like https. `corsEnabled` stays off on purpose:
 * the renderer's module scripts are same-origin, and without it no other origin can read app
 * files (Electron's loader refuses cross-origin CORS-mode requests to the scheme).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/**
 * Maps an app URL to a file under `root`, or `undefined` if it is not ours or escapes `root`.
 *
 * `/` serves `index.html`. Percent-decoding happens before the containment check, so `%2e%2e`
 * cannot climb out; NUL bytes and backslashes are refused.
 */
export function resolveRendererPath(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const full = resolve(base, `.${pathname}`);
  return full.startsWith(base + sep) ? full : undefined;
}

/** Serves the built renderer (`out/renderer`) on `app://bootbench`, with the security headers. */
export function serveRenderer(ses: Session, root: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveRendererPath(root, request.url);
    if (path !== undefined && request.method === 'GET') {
      try {
        const body = await readFile(path);
        const type = MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
        return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
      } catch {
        // fall through to 404: a missing file is not an error worth reporting
      }
    }
    return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}
