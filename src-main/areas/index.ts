import type { AreaCommandName } from '../../src-shared/ipc/contract.js';
import type { Handlers } from '../ipc/gate.js';
import type { AreaContext } from './area.js';
import { openInteractionArea } from './interaction.js';
import { openProfilesArea } from './profiles.js';
import { openRunsArea } from './runs.js';
import { openTraceArea } from './trace.js';
import { openTreeArea } from './tree.js';

/** The contract areas beyond the core: their handlers together, and one way to close them all. */
export interface OpenedAreas {
  readonly handlers: Pick<Handlers, AreaCommandName>;
  close(): Promise<void>;
}

/**
 * Opens every area in dependency order (an area's `api` is handed to the areas after it) and
 * closes them in reverse.
 */
export async function openAreas(ctx: AreaContext): Promise<OpenedAreas> {
  const opened: { close(): Promise<void> }[] = [];
  const track = <A extends { close(): Promise<void> }>(area: A): A => {
    opened.push(area);
    return area;
  };
  try {
    const trace = track(await openTraceArea(ctx));
    const tree = track(await openTreeArea(ctx));
    const profiles = track(await openProfilesArea(ctx, { liveTree: (device, signal) => tree.api.liveEntries(device.id, signal) }));
    const runs = track(await openRunsArea(ctx, { profiles: profiles.api }));
    const interaction = track(await openInteractionArea(ctx));
    return {
      handlers: { ...trace.handlers, ...tree.handlers, ...runs.handlers, ...interaction.handlers, ...profiles.handlers },
      close: () => closeAll(opened),
    };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

async function closeAll(areas: { close(): Promise<void> }[]): Promise<void> {
  for (const area of areas.splice(0).reverse()) await area.close();
}
