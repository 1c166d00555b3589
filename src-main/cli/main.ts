import { runCli } from './program.js';

/** Process entry of the CLI (bin/bootbench.mjs calls this with argv minus node and script). */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr, isTty: Boolean(process.stdout.isTTY) });
}
