import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBootstrapSpec, type BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';

/** The ~4 KB bootstrap description used by the cable tests. */
export async function loadFixtureSpec(): Promise<BootstrapSpec> {
  const parsed = parseBootstrapSpec(await readFile(new URL('../../fixtures/bootstrap/bootstrap.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Path of the fixture file. */
export const FIXTURE_PATH = new URL('../../fixtures/bootstrap/bootstrap.json', import.meta.url).pathname;

/** A private temp directory, removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
