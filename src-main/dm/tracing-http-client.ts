/**
 * An {@link HttpClient} decorator that reports every exchange (method, URL, status, media type and
 * body text) for `--trace`. Headers are not reported: they may carry credentials.
 */
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src-shared/ports/http.js';

/** One traced exchange. */
export interface TracedExchange {
  readonly method: string;
  readonly url: string;
  readonly requestType?: string;
  readonly requestBody: string;
  readonly status: number;
  readonly responseType?: string;
  readonly responseBody: string;
}

const MAX_TRACE_CHARS = 64 * 1024;

function text(body: Uint8Array): string {
  const t = new TextDecoder('utf-8', { fatal: false }).decode(body);
  return t.length > MAX_TRACE_CHARS ? `${t.slice(0, MAX_TRACE_CHARS)}…(${t.length - MAX_TRACE_CHARS} more chars)` : t;
}

function typeOf(headers: Readonly<Record<string, string>>): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return v;
  return undefined;
}

/** Wraps `inner` so that `onExchange` sees each completed exchange. */
export function tracingHttpClient(inner: HttpClient, onExchange: (e: TracedExchange) => void): HttpClient {
  return {
    async send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse> {
      const response = await inner.send(request, signal);
      const requestType = typeOf(request.headers);
      const responseType = typeOf(response.headers);
      onExchange({
        method: request.method,
        url: request.url,
        ...(requestType === undefined ? {} : { requestType }),
        requestBody: text(request.body),
        status: response.status,
        ...(responseType === undefined ? {} : { responseType }),
        responseBody: text(response.body),
      });
      return response;
    },
  };
}
