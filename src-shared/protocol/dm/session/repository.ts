/**
 * A Data Repository (digest §1.2): the HTTP resource behind ServerURIs of HGET, HPUT, HPOST and
 * SUB. GET serves MO serializations the server app published per path; PUT and POST accept MO
 * serializations from devices (validated, stored, reported to a callback).
 *
 * In-memory and I/O-free: part B mounts `handler` on real HTTP(S).
 */
import type { HttpHandler, HttpRequest, HttpResponse, PeerIdentity } from '../../../ports/http.js';
import { ProvisioningError } from '../../../errors/index.js';
import { MO_SERIALIZATION_MEDIA_TYPE } from '../decisions.js';
import type { DmLimits } from '../limits.js';
import { OMADM_ACCEPT_HEADER } from '../packages/media-types.js';
import { encodeMoSerialization, parseMoSerializationJson, type MoEntry } from '../serialization.js';
import { acceptsType, bodyResponse, bodyText, header, mediaTypeOf, pathOf, textResponse } from './http-util.js';

/** One MO serialization a device uploaded. */
export interface RepositoryUpload {
  readonly method: 'PUT' | 'POST';
  readonly path: string;
  readonly mediaType: string;
  readonly entries: readonly MoEntry[];
  readonly peer: PeerIdentity;
}

/** Options of a {@link DataRepository}. */
export interface RepositoryOptions {
  /** Media types accepted for uploads, first = preferred. @default [MO_SERIALIZATION_MEDIA_TYPE] */
  readonly accept?: readonly string[];
  /** Largest upload accepted. @default 8 MiB */
  readonly maxBodyBytes?: number;
  readonly limits?: Partial<DmLimits>;
  /** Told about every accepted upload. */
  readonly onUpload?: (upload: RepositoryUpload) => void;
}

/**
 * An in-memory data repository. Paths are URL paths (`/repo/dmacc-bootstrap`); query strings are
 * ignored for lookup.
 */
export class DataRepository {
  readonly #published = new Map<string, string>();
  readonly #uploads = new Map<string, RepositoryUpload[]>();
  readonly #accept: readonly string[];
  readonly #options: RepositoryOptions;

  constructor(options: RepositoryOptions = {}) {
    this.#options = options;
    this.#accept = (options.accept ?? [MO_SERIALIZATION_MEDIA_TYPE]).map((t) => t.toLowerCase());
  }

  /** Serves `entries` (or ready MO serialization text) at `path` for GET (HGET, DEFAULT fetches). */
  publish(path: string, entries: readonly MoEntry[] | string): void {
    const text = typeof entries === 'string' ? entries : encodeMoSerialization(entries);
    if (typeof entries === 'string') parseMoSerializationJson(text, this.#options.limits === undefined ? {} : { limits: this.#options.limits });
    this.#published.set(path, text);
  }

  /** Stops serving `path`. */
  unpublish(path: string): void {
    this.#published.delete(path);
  }

  /** Every upload received at `path`, oldest first. */
  uploads(path: string): readonly RepositoryUpload[] {
    return this.#uploads.get(path) ?? [];
  }

  /** The HTTP handler (never rejects). */
  readonly handler: HttpHandler = (request, peer) => {
    try {
      return Promise.resolve(this.#handle(request, peer));
    } catch {
      return Promise.resolve(textResponse(500, 'internal repository error'));
    }
  };

  #handle(request: HttpRequest, peer: PeerIdentity): HttpResponse {
    const path = pathOf(request.url);
    switch (request.method) {
      case 'GET':
      case 'HEAD': {
        const text = this.#published.get(path);
        if (text === undefined) return textResponse(404, `nothing published at ${path}`);
        if (!acceptsType(header(request.headers, 'accept'), MO_SERIALIZATION_MEDIA_TYPE)) return textResponse(406, `this repository serves ${MO_SERIALIZATION_MEDIA_TYPE} only`);
        const r = bodyResponse(200, MO_SERIALIZATION_MEDIA_TYPE, text);
        return request.method === 'HEAD' ? { ...r, body: new Uint8Array(0) } : r;
      }
      case 'PUT':
      case 'POST':
        return this.#upload(request.method, path, request, peer);
      default:
        return textResponse(405, `method ${request.method.slice(0, 20)} not allowed`, { allow: 'GET, HEAD, PUT, POST' });
    }
  }

  #upload(method: 'PUT' | 'POST', path: string, request: HttpRequest, peer: PeerIdentity): HttpResponse {
    const type = mediaTypeOf(header(request.headers, 'content-type'));
    if (type === undefined || !this.#accept.includes(type)) {
      return textResponse(415, `unsupported media type ${type ?? '(none)'}; see ${OMADM_ACCEPT_HEADER}`, { [OMADM_ACCEPT_HEADER]: this.#accept.join(', ') });
    }
    const max = this.#options.maxBodyBytes ?? 8 << 20;
    if (request.body.length > max) return textResponse(413, `upload of ${request.body.length} bytes exceeds the limit of ${max}`);
    const text = bodyText(request.body);
    if (text === undefined) return textResponse(400, 'upload is not valid UTF-8');
    let entries: MoEntry[];
    try {
      entries = parseMoSerializationJson(text, this.#options.limits === undefined ? {} : { limits: this.#options.limits });
    } catch (error) {
      return textResponse(400, error instanceof ProvisioningError ? error.message : 'upload is not an MO serialization');
    }
    const upload: RepositoryUpload = { method, path, mediaType: type, entries, peer };
    const list = this.#uploads.get(path) ?? [];
    list.push(upload);
    this.#uploads.set(path, list);
    this.#options.onUpload?.(upload);
    return textResponse(method === 'PUT' ? 200 : 201, 'stored');
  }
}
