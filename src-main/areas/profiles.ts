import type { profilesCommands } from '../../src-shared/ipc/areas/profiles.js';
import type { AreaContext, StationArea } from './area.js';

/** What the profiles area offers the other areas. */
export type ProfilesApi = undefined;

/** Opens the profiles area of the station. */
export async function openProfilesArea(_ctx: AreaContext): Promise<StationArea<typeof profilesCommands, ProfilesApi>> {
  return { handlers: {}, api: undefined, close: async () => undefined };
}
