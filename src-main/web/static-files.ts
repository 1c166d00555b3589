import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files a Vite build emits; anything else is served as opaque bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content type for a file name. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file path strictly inside `root`, or `undefined` when it would escape.
 *
 * Refuses undecodable escapes, NUL bytes, backslashes and any `..` segment after decoding, then
 * re-checks the joined path is still under `root`.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((segment) => segment === '..')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

/** Writes a small plain-text response. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Serves one GET/HEAD request from the built renderer in `root` (an absolute, real path).
 *
 * `index.html` is never cached (it names the current hashed assets); hashed assets under
 * `assets/` are immutable. Symlinks leading out of `root` are refused like `..`.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, headers: Record<string, string>): Promise<void> {
  const urlPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
  const file = resolveInside(root, urlPath);
  if (file === undefined) return sendText(res, 400, 'Bad path\n', headers);
  let real: string;
  try {
    real = await realpath(file);
    if (!real.startsWith(root + sep) || !(await stat(real)).isFile()) throw new Error('not a file inside root');
  } catch {
    const isIndex = file === join(root, 'index.html');
    return sendText(res, isIndex ? 503 : 404, isIndex ? 'The renderer is not built. Run `npm run build`.\n' : 'Not found\n', headers);
  }
  const isHashedAsset = real.startsWith(join(root, 'assets') + sep);
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeOf(real),
    'Cache-Control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(real);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
