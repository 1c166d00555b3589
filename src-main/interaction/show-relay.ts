import { z } from 'zod';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { HttpClient, HttpHandler } from '../../src-shared/ports/http.js';
import type { ShowRequest, UserInteraction } from '../../src-shared/protocol/dm/session/client-ports.js';
import { bodyText, textResponse } from '../../src-shared/protocol/dm/session/http-util.js';
import { utf8Encode } from '../../src-shared/protocol/dm/text.js';
import type { InteractionService, ShowOrigin } from './interaction-service.js';

/** Where a handset on the cable forwards a SHOW it was sent (origin form; the host is only a label). */
export const SHOW_RELAY_URL = 'http://station.link/ui/show';
/** Path the station serves on the link for it. */
export const SHOW_RELAY_PATH = '/ui/show';

const relayed = z.strictObject({ url: z.string().min(1).max(2048), serverId: z.string().min(1).max(256) });

/**
 * The handset side (docs/show.md): a UserInteraction port that forwards SHOW to the station over the
 * cable (`POST /ui/show`, `application/json {url, serverId}`). 202 → `launched`; anything else, or
 * no answer, → `failed` (the client then reports SHOW_FAILED_STATUS to its server).
 */
export function relayShowOverCable(http: HttpClient): UserInteraction {
  return {
    async show(request: ShowRequest, signal?: AbortSignalLike) {
      try {
        const body = utf8Encode(JSON.stringify({ url: request.url, serverId: request.serverId }));
        const r = await http.send({ method: 'POST', url: SHOW_RELAY_URL, headers: { 'content-type': 'application/json' }, body }, signal);
        return r.status === 202 ? 'launched' : 'failed';
      } catch {
        return 'failed';
      }
    },
  };
}

/**
 * The station side: the link HTTP handler for `POST /ui/show` from the handset at the other end of
 * a line (whoever holds the link mounts it beside its own routes). 202 once the prompt is raised,
 * 502 when the SHOW page could not be shown, 400/404/405 for anything else.
 */
export function showRelayHandler(service: InteractionService, origin: ShowOrigin): HttpHandler {
  return async (request) => {
    if (request.url.replace(/[?#].*$/, '') !== SHOW_RELAY_PATH) return textResponse(404, 'not a station path');
    if (request.method !== 'POST') return textResponse(405, 'POST only', { allow: 'POST' });
    const text = bodyText(request.body);
    let value: unknown;
    try {
      value = text === undefined || text.length > 4096 ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    const parsed = relayed.safeParse(value);
    if (!parsed.success) return textResponse(400, 'expected application/json {url, serverId}');
    const shown = await service.show(parsed.data, origin);
    return shown === 'launched' ? textResponse(202, 'shown at the station') : textResponse(502, 'the SHOW page could not be shown');
  };
}
