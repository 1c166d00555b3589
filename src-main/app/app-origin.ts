/**
 * The renderer's own origin: a privileged custom scheme served by main from `out/renderer`.
 *
 * A custom `app://bootbench` origin (instead of `file://`) gives the renderer a real, checkable
 * origin: navigation guards, the IPC sender check and CSP `'self'` all compare against it, and no
 * other local file is reachable from the page.
 */
export const APP_SCHEME = 'app';
/** Host part of the app origin. */
export const APP_HOST = 'bootbench';
/** The origin string, as a browser shows it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the app origin.
 *
 * Compares scheme and host explicitly: WHATWG `URL.origin` is `"null"` for non-special schemes,
 * so an origin string comparison would wrongly match every opaque origin.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}
