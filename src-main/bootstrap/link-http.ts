import type { LinkHeaders, LinkHttpRequest, LinkHttpResponse } from '../../src-shared/link/message-codec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { HttpClient, HttpHandler, HttpHeaders, HttpRequest, HttpResponse } from '../../src-shared/ports/http.js';
import type { LinkDriver } from '../transports/link-driver.js';

function toRecord(headers: LinkHeaders): HttpHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

const toList = (headers: HttpHeaders): LinkHeaders => Object.entries(headers);

/** The origin-form target (`/path?query`) of an absolute or origin-form URL. */
export function originForm(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  const target = m === null ? url : m[1]!;
  return target === '' ? '/' : target.startsWith('?') ? `/${target}` : target;
}

/**
 * An {@link HttpClient} whose requests cross the cable: each request becomes one link exchange
 * with an origin-form target (the URL's host is only a label). `beforeSend` lets the simulator
 * emulate slow processing.
 */
export class LinkHttpClient implements HttpClient {
  #dead: ProvisioningError | undefined;

  constructor(
    private readonly link: LinkDriver,
    private readonly beforeSend?: () => Promise<void>,
  ) {
    // A driver whose channel died stops polling, so a request queued afterwards would never
    // settle: remember the failure and refuse new requests at once.
    link.onEvent((e) => {
      if (e.kind === 'failed') this.#dead = e.error;
      else if (e.kind === 'closed') this.#dead = new ProvisioningError('DEVICE_DISCONNECTED', 'link closed');
    });
  }

  async send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse> {
    if (signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'request cancelled');
    await this.beforeSend?.();
    if (this.#dead !== undefined) throw this.#dead;
    const wire: LinkHttpRequest = { method: request.method, target: originForm(request.url), headers: toList(request.headers), body: request.body };
    const response = await this.link.request(wire);
    return { status: response.status, headers: toRecord(response.headers), body: response.body };
  }
}

/**
 * Answers every HTTP request the peer sends over the link with `handler` (peer identity
 * `{ transport: 'link' }`). Returns the unsubscribe function.
 */
export function serveOverLink(link: LinkDriver, handler: HttpHandler): () => void {
  return link.onEvent((event) => {
    if (event.kind !== 'request') return;
    const { exchangeId, request } = event;
    const http: HttpRequest = { method: request.method, url: originForm(request.target), headers: toRecord(request.headers), body: request.body };
    void handler(http, { transport: 'link' }).then((r) => {
      const response: LinkHttpResponse = { status: r.status, headers: toList(r.headers), body: r.body };
      try {
        link.respond(exchangeId, response);
      } catch {
        // The link failed meanwhile; its failure event reports it.
      }
    });
  });
}
