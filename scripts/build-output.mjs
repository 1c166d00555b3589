// Writes esbuild's output files so that processes running an earlier build are not disturbed.
//
// Every `vitest run` rebuilds out/ (test/support/global-setup.ts) while other runs may be starting
// the CLI or the device host from it. Deleting a chunk folder and writing files in place let those
// processes see a missing or half-written chunk. Instead: a file whose content is unchanged is not
// touched, a changed one is written beside and renamed over (atomic), and chunks no build has
// written for a while are pruned.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { dirname, join } from 'node:path';

/** Chunks unused by the current build are kept this long for processes that still load them. */
const STALE_CHUNK_MS = 15 * 60 * 1000;

/** Writes `outputFiles` (from `build({ write: false })`) atomically, skipping unchanged files. */
export function writeOutputs(outputFiles) {
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    if (sameContent(file.path, file.contents)) {
      // Marks the chunk as in use for pruneChunks.
      const now = new Date();
      utimesSync(file.path, now, now);
      continue;
    }
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
}

/** Deletes files of `dir` that this build did not write and that are older than {@link STALE_CHUNK_MS}. */
export function pruneChunks(dir, outputFiles) {
  const written = new Set(outputFiles.map((f) => f.path));
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    if (written.has(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
}

function sameContent(path, contents) {
  try {
    return Buffer.compare(readFileSync(path), contents) === 0;
  } catch {
    return false;
  }
}
