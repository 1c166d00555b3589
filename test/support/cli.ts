import { PassThrough } from 'node:stream';
import type { CliIO } from '../../src-main/cli/io.js';
import { runCli } from '../../src-main/cli/program.js';

/** Captured output of one in-process CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Creates a CliIO whose streams are captured into strings. */
export function captureIO(): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { io: { stdout, stderr, isTty: false }, out: () => o, err: () => e };
}

/** Runs `bootbench <argv…>` in this process with captured output. */
export async function runCliCaptured(argv: readonly string[]): Promise<CliRun> {
  const c = captureIO();
  const code = await runCli(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}
