import type { treeCommands } from '../../src-shared/ipc/areas/tree.js';
import type { AreaContext, StationArea } from './area.js';

/** What the tree area offers the other areas. */
export type TreeApi = undefined;

/** Opens the tree area of the station. */
export async function openTreeArea(_ctx: AreaContext): Promise<StationArea<typeof treeCommands, TreeApi>> {
  return { handlers: {}, api: undefined, close: async () => undefined };
}
