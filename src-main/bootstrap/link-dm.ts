/**
 * The station's end of a DM session over a cable link — bootstrap, tree sessions and certificate
 * pushes alike: one DM server construction (the bootstrap server id, its entry URL on the link) and
 * one router for the link's HTTP paths.
 */
import { BOOTSTRAP_SERVER_ID, LINK_DM_PATH, LINK_ORIGIN, LINK_REPO_PATH } from '../../src-shared/bootstrap/cable-constants.js';
import type { HttpHandler } from '../../src-shared/ports/http.js';
import { parsePackage3Json } from '../../src-shared/protocol/dm/packages/package3.js';
import { DmServer, MemorySessionStore, type ServerApp, type ServerEvent } from '../../src-shared/protocol/dm/session/index.js';
import { pathOf, textResponse } from '../../src-shared/protocol/dm/session/http-util.js';
import { nodeRandom, nodeSha256, systemClock } from '../platform/node-ports.js';

/** A DM server for one cable session (in-memory session store, node clock, CSPRNG and SHA-256). */
export function linkDmServer(o: { readonly app: ServerApp; readonly onEvent?: (event: ServerEvent) => void }): DmServer {
  return new DmServer({
    config: { serverId: BOOTSTRAP_SERVER_ID, entryUrl: `${LINK_ORIGIN}${LINK_DM_PATH}` },
    store: new MemorySessionStore(),
    random: nodeRandom,
    clock: systemClock,
    sha256: nodeSha256,
    app: o.app,
    ...(o.onEvent === undefined ? {} : { onEvent: o.onEvent }),
  });
}

/** Routes the link's `/dm…` requests to `dm`, `/repo/…` to `repo`; anything else is 404. */
export function linkRoutes(dm: HttpHandler, repo: HttpHandler): HttpHandler {
  return async (request, peer) => {
    const path = pathOf(request.url);
    if (path === LINK_DM_PATH || path.startsWith(`${LINK_DM_PATH}/`)) return dm(request, peer);
    if (path.startsWith(`${LINK_REPO_PATH}/`)) return repo(request, peer);
    return textResponse(404, 'nothing here');
  };
}

/** The status items of a Package#3 body (none when it does not parse: the DM server answers that itself). */
export function package3Statuses(text: string | undefined): ReturnType<typeof parsePackage3Json>['Status'] {
  if (text === undefined) return [];
  try {
    return parsePackage3Json(text).Status;
  } catch {
    return [];
  }
}
