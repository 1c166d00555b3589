#!/usr/bin/env node
// Entry point of the `bootbench-sim` command: runs the built handset simulator (npm run build creates it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sim = new URL('../out/main/sim.mjs', import.meta.url);
if (!existsSync(fileURLToPath(sim))) {
  process.stderr.write('bootbench-sim: not built yet. Run `npm run build` (or `npm run setup`) first.\n');
  process.exit(70);
}
const { main } = await import(sim.href);
process.exitCode = await main(process.argv.slice(2));
