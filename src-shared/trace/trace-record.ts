import { z } from 'zod';
import { DeviceId } from '../domain/device.js';

/** Which layer a trace record comes from. */
export const TraceLayer = z.enum(['link', 'dm', 'apdu', 'at']);
export type TraceLayer = z.output<typeof TraceLayer>;

/** Station-relative direction: `out` = station → device, `in` = device → station. */
export const TraceDirection = z.enum(['in', 'out']);
export type TraceDirection = z.output<typeof TraceDirection>;

/** Longest one-line summary a record keeps. */
export const TRACE_SUMMARY_MAX = 300;
/** Longest decoded detail a record keeps (masked text). */
export const TRACE_DETAIL_MAX = 8192;
/** Most bytes a record keeps (as hex, twice as many characters). */
export const TRACE_BYTES_MAX = 1024;

/**
 * One recorded line event, as the renderer and exports see it. Every field is already masked:
 * credential values, PINs and keys never appear (docs/trace.md §Masking).
 */
export const TraceRecord = z.strictObject({
  /** Increasing per station run; `since` in `trace.list` refers to it. */
  id: z.number().int().nonnegative(),
  atMs: z.number(),
  deviceId: DeviceId.optional(),
  slot: z.string().max(200).optional(),
  layer: TraceLayer,
  direction: TraceDirection,
  summary: z.string().max(TRACE_SUMMARY_MAX),
  /** Decoded view (headers, JSON, fields), masked. */
  detail: z.string().max(TRACE_DETAIL_MAX).optional(),
  /** The bytes as lowercase hex (masked; possibly cut at TRACE_BYTES_MAX bytes). */
  hex: z.string().max(TRACE_BYTES_MAX * 2).optional(),
  /** Bytes on the wire when more than `hex` holds. */
  length: z.number().int().nonnegative().optional(),
});
export type TraceRecord = z.output<typeof TraceRecord>;

/** Which records a list or an export covers. */
export const TraceFilter = z.strictObject({
  deviceId: DeviceId.optional(),
  layers: z.array(TraceLayer).max(4).optional(),
  directions: z.array(TraceDirection).max(2).optional(),
  /** Case-insensitive substring of the summary or the detail. */
  text: z.string().max(200).optional(),
});
export type TraceFilter = z.output<typeof TraceFilter>;

/** Export formats: JSON lines of records, or one human line per record. */
export const TraceExportFormat = z.enum(['json', 'text']);
export type TraceExportFormat = z.output<typeof TraceExportFormat>;

/** Does a record pass a filter? Pure: the recorder and the renderer's live list share it. */
export function matchesTraceFilter(record: TraceRecord, filter: TraceFilter): boolean {
  if (filter.deviceId !== undefined && record.deviceId !== filter.deviceId) return false;
  if (filter.layers !== undefined && filter.layers.length > 0 && !filter.layers.includes(record.layer)) return false;
  if (filter.directions !== undefined && filter.directions.length > 0 && !filter.directions.includes(record.direction)) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text !== undefined && text !== '') {
    return record.summary.toLowerCase().includes(text) || (record.detail?.toLowerCase().includes(text) ?? false);
  }
  return true;
}

/** One human line of a record (the text export and copy): time, slot, layer, direction, summary. */
export function formatTraceLine(record: TraceRecord): string {
  const time = new Date(record.atMs).toISOString().slice(11, 23);
  const arrow = record.direction === 'out' ? '→' : '←';
  return `${time} ${record.slot ?? '-'} ${record.layer.toUpperCase().padEnd(4)} ${arrow} ${record.summary}`;
}
