import type { interactionCommands } from '../../src-shared/ipc/areas/interaction.js';
import type { HttpClient } from '../../src-shared/ports/http.js';
import { NodeHttpClient } from '../dm/http-client.js';
import { InteractionService } from '../interaction/interaction-service.js';
import type { AreaContext, StationArea } from './area.js';
import { nodeRandom } from '../platform/node-ports.js';

/** What the interaction area offers the other areas: the service, whose `port(device)` a handset's client engine takes as its UserInteraction. */
export interface InteractionApi {
  readonly service: InteractionService;
}

const byStation = new WeakMap<object, InteractionService>();

/**
 * The interaction service of the station whose services these are: the UserInteraction ports for
 * client engines the station hosts (`service.port({deviceId, slot})`), and the contract tests.
 */
export function stationInteraction(services: AreaContext['services']): InteractionService | undefined {
  return byStation.get(services);
}

/** Opens the interaction area of the station (SHOW prompts; docs/show.md). */
export async function openInteractionArea(ctx: AreaContext, options: { readonly http?: HttpClient; readonly answerTimeoutMs?: number } = {}): Promise<StationArea<typeof interactionCommands, InteractionApi>> {
  const service = new InteractionService({
    http: options.http ?? new NodeHttpClient({ timeoutMs: 15_000 }),
    publish: (event, prompt) => ctx.services.bus.emit(event, prompt),
    now: ctx.clock.nowMs,
    random: nodeRandom,
    ...(options.answerTimeoutMs === undefined ? {} : { answerTimeoutMs: options.answerTimeoutMs }),
  });
  byStation.set(ctx.services, service);
  return {
    handlers: {
      'interaction.list': async () => service.list(),
      'interaction.answer': async (input, call) => service.answer(input, call.signal),
      'interaction.cancel': async ({ id }) => service.cancel(id),
    },
    api: { service },
    close: async () => {
      service.close();
      byStation.delete(ctx.services);
    },
  };
}
