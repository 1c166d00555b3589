#!/usr/bin/env node
// Entry point of the `bootbench` command: runs the built CLI (npm run build creates it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('bootbench: not built yet. Run `npm run build` (or `npm run setup`) first.\n');
  process.exit(70);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
