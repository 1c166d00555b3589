/** Locates the shared DDF corpus (real published DDFs) for the DDF tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The corpus folder, a sibling of the repository (`../shared/corpus/ddf`). */
export const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/ddf');

/** One corpus file. */
export interface CorpusFile {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** The XML files of a corpus subfolder ('' for the top level), sorted by name. */
export function corpusFiles(sub = ''): CorpusFile[] {
  const dir = join(CORPUS_DIR, sub);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}
