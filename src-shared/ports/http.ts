import type { AbortSignalLike } from './abort.js';

/**
 * HTTP header map. Names are lower case; one value per name (repeated headers are joined with ", "
 * by the adapter, as RFC 9110 §5.3 allows for list-valued fields).
 */
export type HttpHeaders = Readonly<Record<string, string>>;

/** One HTTP request, transport-neutral (loopback HTTP(S), the cable link, tests). */
export interface HttpRequest {
  readonly method: string;
  /** Absolute URL (`https://host:port/path?query`) on the client side; origin-form path on the server side. */
  readonly url: string;
  readonly headers: HttpHeaders;
  readonly body: Uint8Array;
}

/** One HTTP response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly body: Uint8Array;
}

/**
 * Who is on the other end of a server-side exchange, as established by the transport (TLS, HTTP
 * authentication, the cable link). Handlers authorise on this, never on request content.
 */
export interface PeerIdentity {
  /** Which binding delivered the request. */
  readonly transport: 'http' | 'https' | 'link' | 'memory';
  readonly tls?: {
    readonly protocol: string;
    readonly cipher: string;
    /** Verified client certificate, when X.509 client authentication was used. */
    readonly clientCertificate?: { readonly subject: string; readonly fingerprint256: string; readonly subjectAltName?: string };
    /** PSK identity, when PSK-TLS was used. */
    readonly pskIdentity?: string;
  };
  /** User name proven by HTTP Basic or Digest authentication. */
  readonly httpUser?: string;
}

/**
 * Client side of HTTP: performs one exchange.
 *
 * Contract: resolves with the response for any HTTP status (a 4xx is data); rejects with a
 * ProvisioningError for transport failure (`DEVICE_DISCONNECTED`, `TRANSPORT_TIMEOUT`,
 * `AUTH_FAILED` for a TLS authentication failure) or `CANCELLED` when the signal aborts.
 */
export interface HttpClient {
  send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse>;
}

/** Server side of HTTP: answers one exchange. Must not reject; errors become 4xx/5xx responses. */
export type HttpHandler = (request: HttpRequest, peer: PeerIdentity) => Promise<HttpResponse>;
