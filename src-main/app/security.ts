import { app, shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.js';

/**
 * Content-Security-Policy of every renderer response.
 *
 * Only the app's own files: no inline script, no eval, no remote code, no plugins, no framing.
 * `connect-src 'self'` because the renderer reaches main through the preload, never the network.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every file the app protocol serves. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Hosts whose https pages may be opened in the user's browser (docs, project home). */
export const EXTERNAL_HOSTS: readonly string[] = ['bootbench.invalid'];

/** True when `url` may be handed to the OS browser: https, an allowlisted host, no credentials. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && hosts.includes(parsed.hostname);
}

/** Opens an allowlisted https URL in the OS browser; anything else is refused (returns false). */
export function openExternalSafely(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

/**
 * Locks down one WebContents: no new windows, no navigation or redirect off the app origin, no
 * `<webview>`. Links to allowlisted https pages open in the OS browser instead.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Locks down a session: every permission request and check is denied (camera, notifications,
 * WebSerial/WebHID/WebUSB — hardware belongs to the device host), remote requests are cancelled
 * and every response carries the CSP.
 */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
}

/** Hardens every WebContents the app will ever create. Call once, before `ready`. */
export function installWebContentsGuards(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
