import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { csvTable, type CsvTable } from '../../src-shared/profile/csv-rows.js';
import type { VariablesSpec } from '../../src-shared/profile/profile-schema.js';

/** Largest CSV variables file accepted. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

/**
 * Loads a profile's CSV variables file (`variables.csv.file`, relative to the profile file) and
 * checks it against the declared columns; problems are one INVALID_REQUEST naming file:line.
 */
export async function loadCsvVariables(profileFile: string, spec: NonNullable<VariablesSpec['csv']>): Promise<CsvTable> {
  const file = resolve(dirname(profileFile), spec.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `Cannot read the CSV variables file ${file}`, { cause });
  }
  if (bytes.length > MAX_CSV_BYTES) throw new ProvisioningError('INVALID_REQUEST', `${file} is larger than ${MAX_CSV_BYTES} bytes`);
  const result = csvTable(bytes.toString('utf8'), spec);
  if (!result.ok) throw new ProvisioningError('INVALID_REQUEST', `${file} does not fit the profile:\n${result.problems.map((p) => `  ${file}:${p.line}: ${p.message}`).join('\n')}`);
  return result.table;
}
