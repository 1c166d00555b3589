import type { BootstrapPlan, KeygenStage } from '../../src-shared/bootstrap/bootstrap-plan.js';
import type { DmCommand } from '../../src-shared/protocol/dm/packages/commands.js';
import type { HttpHandler } from '../../src-shared/ports/http.js';
import { MEDIA_TYPES } from '../../src-shared/protocol/dm/packages/media-types.js';
import { DataRepository, type DmServer, type CommandResult, type ServerEvent, type SessionTurn } from '../../src-shared/protocol/dm/session/index.js';
import { bodyText, header, mediaTypeOf, textResponse } from '../../src-shared/protocol/dm/session/http-util.js';
import { linkDmServer, linkRoutes, package3Statuses } from './link-dm.js';

/** The station's embedded bootstrap server for one cable: DM server, repository and the HTTP router. */
export interface StationServer {
  readonly server: DmServer;
  readonly repository: DataRepository;
  /** Routes `/dm…` to the DM server and `/repo…` to the repository. */
  readonly handler: HttpHandler;
}

/**
 * A bootstrap session with a KeyGen round first (device-held keys): round 0 sends the stage's
 * commands; `afterKeygen` sees their results and returns the bootstrap plan for round 1 (its
 * publications are published then), or undefined to end the session without a bootstrap.
 */
export interface StagedKeygen {
  readonly stage: KeygenStage;
  readonly afterKeygen: (results: readonly CommandResult[]) => Promise<BootstrapPlan | undefined>;
}

/**
 * Builds the bootstrap server of one cable session. Its app sends the plan's HGETs in the first
 * Package#2 of a server-initiated session and END afterwards; a `BootstrapComplete` session is
 * answered with END at once. A Package#3 reporting any failed bootstrap command is answered 409,
 * so the device aborts the session and rolls the whole bootstrap back (all or nothing).
 */
export function createStationServer(plan: BootstrapPlan, onEvent: (event: ServerEvent) => void, onRefused: (statuses: readonly number[]) => void = () => undefined, keygen?: StagedKeygen): StationServer {
  const repository = new DataRepository();
  for (const p of [...plan.publications, ...(keygen?.stage.publications ?? [])]) repository.publish(p.path, JSON.stringify(p.entries));
  const rounds = async (turn: SessionTurn): Promise<readonly DmCommand[]> => {
    if (turn.trigger !== 'server-initiated') return [];
    if (keygen === undefined) return turn.round === 0 ? plan.commands : [];
    if (turn.round === 0) return keygen.stage.commands;
    if (turn.round !== 1) return [];
    for (const p of keygen.stage.publications) repository.unpublish(p.path);
    const next = await keygen.afterKeygen(turn.results);
    if (next === undefined) return [];
    for (const p of next.publications) repository.publish(p.path, JSON.stringify(p.entries));
    return next.commands;
  };
  const server = linkDmServer({ onEvent, app: { next: rounds } });
  const dm: HttpHandler = async (request, peer) => {
    if (mediaTypeOf(header(request.headers, 'content-type')) === MEDIA_TYPES.response) {
      const failed = package3Statuses(bodyText(request.body))
        .map((s) => s.sc)
        .filter((sc) => sc !== 200);
      if (failed.length > 0) onRefused(failed);
      if (failed.length > 0) return textResponse(409, `bootstrap not applied: command status ${failed.join(', ')}`);
    }
    return server.handler(request, peer);
  };
  return { server, repository, handler: linkRoutes(dm, repository.handler) };
}
