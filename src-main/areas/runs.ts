import type { runsCommands } from '../../src-shared/ipc/areas/runs.js';
import type { AreaContext, StationArea } from './area.js';

/** What the runs area offers the other areas. */
export type RunsApi = undefined;

/** Opens the runs area of the station. */
export async function openRunsArea(_ctx: AreaContext): Promise<StationArea<typeof runsCommands, RunsApi>> {
  return { handlers: {}, api: undefined, close: async () => undefined };
}
