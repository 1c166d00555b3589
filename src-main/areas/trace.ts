import type { traceCommands } from '../../src-shared/ipc/areas/trace.js';
import type { AreaContext, StationArea } from './area.js';

/** What the trace area offers the other areas. */
export type TraceApi = undefined;

/** Opens the trace area of the station. */
export async function openTraceArea(_ctx: AreaContext): Promise<StationArea<typeof traceCommands, TraceApi>> {
  return { handlers: {}, api: undefined, close: async () => undefined };
}
