import { z } from 'zod';
import { TraceExportFormat, TraceFilter, TraceRecord } from '../../trace/trace-record.js';
import type { CommandTable, EventTable } from '../table.js';

/** Most records one `trace.list` returns. */
export const TRACE_LIST_MAX = 2000;

/** The live trace of DM packages, link frames and APDUs. Commands (`<area>.<verb>`), joined into the contract. */
export const traceCommands = {
  /** Records matching the filter, oldest first; `since` returns only records with a larger id. */
  'trace.list': {
    input: TraceFilter.extend({ since: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(TRACE_LIST_MAX).default(500) }),
    output: z.strictObject({ records: z.array(TraceRecord), total: z.number().int().nonnegative(), dropped: z.number().int().nonnegative() }),
  },
  /** The matching records as a file (masked like the live trace). */
  'trace.export': {
    input: TraceFilter.extend({ format: TraceExportFormat }),
    output: z.strictObject({ format: TraceExportFormat, fileName: z.string(), mediaType: z.string(), count: z.number().int().nonnegative(), text: z.string() }),
  },
  /** Forgets the recorded trace (of one device, or all). */
  'trace.clear': { input: z.strictObject({ deviceId: TraceFilter.shape.deviceId }), output: z.strictObject({ removed: z.number().int().nonnegative() }) },
} as const satisfies CommandTable;

/** The live trace of DM packages, link frames and APDUs. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const traceEvents = {
  /** New records, batched (at most 20 batches a second); `dropped` counts records the batch cap left out. */
  'trace.recorded': z.strictObject({ records: z.array(TraceRecord), dropped: z.number().int().nonnegative() }),
} as const satisfies EventTable;
