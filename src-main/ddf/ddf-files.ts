import { readFile, stat } from 'node:fs/promises';
import { importDdf } from '../../src-shared/protocol/ddf/import-ddf.js';
import { DEFAULT_DDF_LIMITS } from '../../src-shared/protocol/ddf/import-context.js';
import type { DdfImport, DdfIssue } from '../../src-shared/protocol/ddf/model.js';
import { validateWithXsd, type XsdOptions } from './xsd-validator.js';

/** Which check produced an issue. */
export type DdfCheck = 'read' | 'xsd' | 'import';

/** An issue found in a DDF file, tagged with the check that found it. */
export interface DdfFileIssue extends DdfIssue {
  readonly check: DdfCheck;
}

/** Outcome of checking one DDF file. */
export type DdfFileReport =
  | { readonly file: string; readonly status: 'missing'; readonly issues: readonly DdfFileIssue[] }
  | { readonly file: string; readonly status: 'invalid'; readonly issues: readonly DdfFileIssue[]; readonly warnings: readonly DdfIssue[] }
  | { readonly file: string; readonly status: 'valid'; readonly imported: DdfImport };

/** Files read at the same time. */
const READ_CONCURRENCY = 32;

/** A file read as text, or the report that ends its checking early (missing, unreadable). */
export type Loaded = { readonly file: string; readonly text: string } | { readonly file: string; readonly report: DdfFileReport };

/** Reads a file as UTF-8 text, refusing files over the import size limit (in bytes) and invalid UTF-8. */
export async function readDdfFile(file: string): Promise<Loaded> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { file, report: { file, status: 'invalid', issues: [{ check: 'read', message: 'not a regular file' }], warnings: [] } };
    if (info.size > DEFAULT_DDF_LIMITS.maxInputChars) {
      return { file, report: { file, status: 'invalid', issues: [{ check: 'read', message: `file too large (${info.size} bytes)` }], warnings: [] } };
    }
    const bytes = await readFile(file);
    try {
      return { file, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { file, report: { file, status: 'invalid', issues: [{ check: 'read', message: 'not valid UTF-8' }], warnings: [] } };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot read (${typeof code === 'string' ? code : 'error'})`;
    return { file, report: { file, status: code === 'ENOENT' ? 'missing' : 'invalid', issues: [{ check: 'read', message }], warnings: [] } as DdfFileReport };
  }
}

/**
 * Checks DDF files: each is validated against the DDF XML Schema (one batched XSD engine call)
 * and imported into the typed model. A file is valid only when both checks pass.
 */
export async function checkDdfFiles(files: readonly string[], options: XsdOptions = {}): Promise<DdfFileReport[]> {
  const loaded: Loaded[] = [];
  // Read a few files at a time: a shell glob can name thousands (EMFILE otherwise).
  for (let i = 0; i < files.length; i += READ_CONCURRENCY) loaded.push(...(await Promise.all(files.slice(i, i + READ_CONCURRENCY).map(readDdfFile))));
  const readable = loaded.filter((l): l is { file: string; text: string } => 'text' in l);
  const verdicts = await validateWithXsd(
    readable.map((l) => ({ fileName: l.file, contents: l.text })),
    options,
  );
  const byFile = new Map<string, DdfFileIssue[]>();
  readable.forEach((l, i) => {
    const verdict = verdicts[i];
    byFile.set(l.file, verdict === undefined ? [] : verdict.issues.map((issue) => ({ ...issue, check: 'xsd' as const })));
  });
  return loaded.map((l): DdfFileReport => {
    if ('report' in l) return l.report;
    const xsdIssues = byFile.get(l.file) ?? [];
    const imported = importDdf(l.text);
    if (imported.ok && xsdIssues.length === 0) return { file: l.file, status: 'valid', imported: imported.value };
    // A document that is not well-formed gets the same complaint from both checks: report it once.
    const sameComplaint = !imported.ok && xsdIssues.some((x) => x.line === imported.error.line && /^not well-formed/.test(x.message) && /^not well-formed/.test(imported.error.message));
    const issues = imported.ok || sameComplaint ? xsdIssues : [...xsdIssues, { ...imported.error, check: 'import' as const }];
    return { file: l.file, status: 'invalid', issues, warnings: imported.ok ? imported.value.warnings : [] };
  });
}
