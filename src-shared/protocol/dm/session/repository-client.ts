/**
 * The client's side of Data Repository exchanges: fetch MO data (HGET, DEFAULT) and upload it
 * (HPUT, HPOST, SUB) with the 415 + `OMADM-Accept` retry of digest §3.11.
 */
import { ProvisioningError } from '../../../errors/index.js';
import type { AbortSignalLike } from '../../../ports/abort.js';
import type { HttpClient, HttpResponse } from '../../../ports/http.js';
import type { DmLimits } from '../limits.js';
import { OMADM_ACCEPT_HEADER } from '../packages/media-types.js';
import { encodeMoSerialization, parseMoSerializationJson, type FormatHook, type MoEntry } from '../serialization.js';
import { STATUS } from '../status.js';
import { utf8Encode } from '../text.js';
import { acceptedTypes, bodyText, header, mediaTypeOf } from './http-util.js';
import { REPOSITORY_FAILURE_STATUS } from './session-decisions.js';

/** What repository calls need. */
export interface RepositoryCallContext {
  readonly http: HttpClient;
  /** MO serialization media types this client reads and writes, preferred first. */
  readonly moMediaTypes: readonly string[];
  readonly signal?: AbortSignalLike;
  readonly limits?: Partial<DmLimits>;
  readonly formatOf?: FormatHook;
}

/** A fetch result: entries, or the status to report and why. */
export type FetchResult = { readonly ok: true; readonly entries: MoEntry[] } | { readonly ok: false; readonly sc: number; readonly reason: string };

async function send(ctx: RepositoryCallContext, method: string, url: string, headers: Record<string, string>, body: Uint8Array): Promise<HttpResponse | ProvisioningError> {
  try {
    return await ctx.http.send({ method, url, headers, body }, ctx.signal);
  } catch (error) {
    if (error instanceof ProvisioningError && error.code !== 'CANCELLED') return error;
    throw error;
  }
}

function failureStatus(status: number): number {
  return status === STATUS.notFound || status === STATUS.notAcceptable ? status : REPOSITORY_FAILURE_STATUS;
}

/** HTTP GET of MO data from a repository; failures become statuses (CANCELLED rethrown). */
export async function fetchMoData(ctx: RepositoryCallContext, url: string): Promise<FetchResult> {
  const r = await send(ctx, 'GET', url, { accept: ctx.moMediaTypes.join(', ') }, new Uint8Array(0));
  if (r instanceof ProvisioningError) return { ok: false, sc: REPOSITORY_FAILURE_STATUS, reason: `repository unreachable: ${r.message}` };
  if (r.status !== 200) return { ok: false, sc: failureStatus(r.status), reason: `repository answered HTTP ${r.status}` };
  const type = mediaTypeOf(header(r.headers, 'content-type'));
  if (type === undefined || !ctx.moMediaTypes.includes(type)) return { ok: false, sc: STATUS.notAcceptable, reason: `repository sent unsupported type ${type ?? '(none)'}` };
  const text = bodyText(r.body);
  if (text === undefined) return { ok: false, sc: STATUS.badRequest, reason: 'repository data is not UTF-8' };
  try {
    const options = { ...(ctx.limits === undefined ? {} : { limits: ctx.limits }), ...(ctx.formatOf === undefined ? {} : { formatOf: ctx.formatOf }) };
    return { ok: true, entries: parseMoSerializationJson(text, options) };
  } catch (error) {
    if (error instanceof ProvisioningError) return { ok: false, sc: STATUS.badRequest, reason: error.message };
    throw error;
  }
}

/**
 * Uploads entries with PUT or POST. On 415 it retries once with a type from the answer's
 * `OMADM-Accept` that this client supports; when there is none the result is 406 (digest §2.6).
 * Returns the status to report (200 on any 2xx).
 */
export async function uploadMoData(ctx: RepositoryCallContext, method: 'PUT' | 'POST', url: string, entries: readonly MoEntry[], preferred: readonly string[] = []): Promise<{ sc: number; reason: string }> {
  const body = utf8Encode(encodeMoSerialization(entries));
  const first = preferred.find((t) => ctx.moMediaTypes.includes(t)) ?? ctx.moMediaTypes[0]!;
  const tried = new Set<string>();
  let type: string | undefined = first;
  while (type !== undefined) {
    tried.add(type);
    const r = await send(ctx, method, url, { 'content-type': type }, body);
    if (r instanceof ProvisioningError) return { sc: REPOSITORY_FAILURE_STATUS, reason: `repository unreachable: ${r.message}` };
    if (r.status >= 200 && r.status < 300) return { sc: STATUS.ok, reason: 'uploaded' };
    if (r.status !== STATUS.unsupportedMediaType) return { sc: failureStatus(r.status), reason: `repository answered HTTP ${r.status}` };
    const offered = acceptedTypes(header(r.headers, OMADM_ACCEPT_HEADER));
    type = offered.find((t) => ctx.moMediaTypes.includes(t) && !tried.has(t));
    if (type === undefined) return { sc: STATUS.notAcceptable, reason: 'repository accepts none of our MO serialization types' };
  }
  return { sc: STATUS.notAcceptable, reason: 'no media type to try' };
}
