import type { traceCommands } from '../../src-shared/ipc/areas/trace.js';
import { TRACE_LIST_MAX } from '../../src-shared/ipc/areas/trace.js';
import { formatTraceLine, type TraceExportFormat, type TraceFilter, type TraceRecord } from '../../src-shared/trace/trace-record.js';
import { TraceRecorder } from '../trace/trace-recorder.js';
import type { AreaContext, StationArea } from './area.js';

/** What the trace area offers the other areas: the station's recorder (it is also `ctx.trace`). */
export interface TraceApi {
  readonly recorder: TraceRecorder;
}

/** The export of a set of records: a JSON document or one human line (plus indented detail) per record. */
export function exportTrace(records: readonly TraceRecord[], format: TraceExportFormat, atMs: number): { fileName: string; mediaType: string; text: string } {
  const stamp = new Date(atMs).toISOString().replace(/[:.]/g, '-');
  if (format === 'json') {
    return { fileName: `bootbench-trace-${stamp}.json`, mediaType: 'application/json', text: `${JSON.stringify({ format: 'bootbench-trace', version: 1, exportedAtMs: atMs, records }, null, 1)}\n` };
  }
  const lines = records.map((r) => {
    const detail = r.detail === undefined ? '' : `\n${r.detail.split('\n').map((l) => `    ${l}`).join('\n')}`;
    const hex = r.hex === undefined ? '' : `\n    hex ${r.hex}`;
    return `${formatTraceLine(r)}${detail}${hex}`;
  });
  return { fileName: `bootbench-trace-${stamp}.txt`, mediaType: 'text/plain', text: `${lines.join('\n')}\n` };
}

/**
 * Opens the trace area: `trace.list`, `trace.export`, `trace.clear` over the station's recorder
 * (`ctx.trace` when it is one — station.ts makes it so — else a private recorder that publishes on
 * the bus).
 */
export async function openTraceArea(ctx: AreaContext): Promise<StationArea<typeof traceCommands, TraceApi>> {
  const recorder = ctx.trace instanceof TraceRecorder ? ctx.trace : new TraceRecorder({ now: ctx.clock.nowMs });
  recorder.onBatch((batch) => ctx.services.bus.emit('trace.recorded', batch));
  const all = (filter: TraceFilter): TraceRecord[] => recorder.list({ ...filter, limit: Number.MAX_SAFE_INTEGER }).records;
  return {
    handlers: {
      'trace.list': async (input) => recorder.list({ ...input, limit: Math.min(input.limit, TRACE_LIST_MAX) }),
      'trace.export': async ({ format, ...filter }) => {
        const records = all(filter);
        return { format, count: records.length, ...exportTrace(records, format, ctx.clock.nowMs()) };
      },
      'trace.clear': async ({ deviceId }) => ({ removed: recorder.clear(deviceId) }),
    },
    api: { recorder },
    close: async () => recorder.close(),
  };
}
