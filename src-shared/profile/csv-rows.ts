import type { VariablesSpec } from './profile-schema.js';

/** A problem in a CSV variables file, with its 1-based line. */
export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

/** Per-device rows of a CSV variables file, keyed by the normalized IMEI or ICCID. */
export interface CsvTable {
  readonly keyColumn: 'imei' | 'iccid';
  readonly columns: readonly string[];
  /** The row for a device, by its IMEI/ICCID (spaces and dashes ignored, case-insensitive). */
  row(key: string): Readonly<Record<string, string>> | undefined;
  readonly size: number;
}

/** Normalizes an IMEI/ICCID key: spaces and dashes dropped, upper case (ICCIDs may end in F). */
export const normalizeDeviceKey = (key: string): string => key.replace(/[\s-]/g, '').toUpperCase();

/** Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes, line breaks). */
export function parseCsv(text: string): { readonly ok: true; readonly records: { readonly line: number; readonly fields: string[] }[] } | { readonly ok: false; readonly problem: CsvProblem } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 BOM from spreadsheet exports
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) return { ok: false, problem: { line: recordLine, message: 'unterminated quoted field' } };
  if (field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}

/**
 * Reads a CSV variables file against a profile's `variables.csv`: the header must hold the key
 * column and every declared column; keys must be present and unique.
 */
export function csvTable(text: string, spec: NonNullable<VariablesSpec['csv']>): { readonly ok: true; readonly table: CsvTable } | { readonly ok: false; readonly problems: readonly CsvProblem[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const [header, ...rows] = parsed.records;
  if (header === undefined) return { ok: false, problems: [{ line: 1, message: 'the file is empty (a header line is required)' }] };
  const names = header.fields.map((f) => f.trim());
  const problems: CsvProblem[] = [];
  for (const needed of [spec.keyColumn, ...spec.columns]) if (!names.includes(needed)) problems.push({ line: header.line, message: `the header has no "${needed}" column` });
  if (problems.length > 0) return { ok: false, problems };
  const keyAt = names.indexOf(spec.keyColumn);
  const byKey = new Map<string, Record<string, string>>();
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      problems.push({ line: r.line, message: `${r.fields.length} fields, the header has ${names.length}` });
      continue;
    }
    const key = normalizeDeviceKey(r.fields[keyAt]!);
    if (key === '') problems.push({ line: r.line, message: `empty ${spec.keyColumn}` });
    else if (byKey.has(key)) problems.push({ line: r.line, message: `duplicate ${spec.keyColumn} ${key}` });
    else byKey.set(key, Object.fromEntries(names.map((n, i) => [n, r.fields[i]!])));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { keyColumn: spec.keyColumn, columns: names, size: byKey.size, row: (key) => byKey.get(normalizeDeviceKey(key)) } };
}
