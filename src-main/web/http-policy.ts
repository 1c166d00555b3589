/**
 * Security policy of the web station's HTTP side: CSP, allowed origins and Host names.
 *
 * The station binds loopback only. Browsers may reach it as `127.0.0.1:PORT` or `localhost:PORT`;
 * any other Host header (DNS rebinding) or Origin (another site's page) is refused.
 */

/** Loopback host names a browser may use to reach the station. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const;

/** The Content-Security-Policy of every response, in the spirit of the Electron renderer's. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ${LOOPBACK_NAMES.map((h) => `ws://${h}:${port}`).join(' ')}`,
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every HTTP response of the station. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The origins whose pages may open the station's WebSocket. */
export function allowedOrigins(port: number): readonly string[] {
  return LOOPBACK_NAMES.map((h) => `http://${h}:${port}`);
}

/** True when a request's Host header names this station (guards against DNS rebinding). */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((h) => host.toLowerCase() === `${h}:${port}`);
}
