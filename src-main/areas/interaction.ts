import type { interactionCommands } from '../../src-shared/ipc/areas/interaction.js';
import type { AreaContext, StationArea } from './area.js';

/** What the interaction area offers the other areas. */
export type InteractionApi = undefined;

/** Opens the interaction area of the station. */
export async function openInteractionArea(_ctx: AreaContext): Promise<StationArea<typeof interactionCommands, InteractionApi>> {
  return { handlers: {}, api: undefined, close: async () => undefined };
}
