import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../../../src-shared/pki/pem.js';

/** A scratch directory removed by `cleanup`. */
export function scratchDir(prefix = 'bb-pki-'): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs /usr/bin/openssl; returns stdout+stderr and the exit status (never throws on a non-zero exit). */
export function openssl(args: readonly string[], input?: string | Uint8Array): { readonly status: number; readonly out: string } {
  const r = spawnSync('/usr/bin/openssl', args, { input, encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Writes DER as a PEM file and returns its path. */
export function writePem(dir: string, name: string, label: string, der: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, toPem(label, der));
  return path;
}
