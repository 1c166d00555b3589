import type { AuditRecord } from './audit-entry.js';

/** Column order of the CSV export; nested values are JSON in one cell. */
export const AUDIT_CSV_COLUMNS = ['index', 'time', 'who', 'station', 'slot', 'profileVersion', 'model', 'deviceIds', 'fingerprints', 'step', 'result', 'error', 'startMs', 'durationMs', 'data', 'prevHash', 'hash'] as const;

/** RFC 4180 cell: quoted when it holds a comma, quote or line break; formula-leading text is prefixed. */
export function csvCell(value: string): string {
  // A leading = + - @ makes spreadsheets evaluate the cell (CSV injection); a quote mark neutralises it.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV row of a record. */
function row(r: AuditRecord): string[] {
  const e = r.entry;
  return [String(e.index), e.time, e.who, e.station, e.slot ?? '', e.profileVersion ?? '', e.model ?? '', JSON.stringify(e.deviceIds), JSON.stringify(e.fingerprints), e.step, e.result, e.error ?? '', String(e.timings.startMs), String(e.timings.durationMs), JSON.stringify(e.data), e.prevHash, r.hash];
}

/** The log as CSV text (header line first, CRLF line ends as RFC 4180 says). */
export function auditToCsv(records: readonly AuditRecord[]): string {
  return [AUDIT_CSV_COLUMNS.join(','), ...records.map((r) => row(r).map(csvCell).join(','))].map((l) => `${l}\r\n`).join('');
}
