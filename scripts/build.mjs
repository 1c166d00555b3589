// Builds everything the shells run: Node entries with esbuild (dependencies stay external and are
// loaded from node_modules), the renderer with Vite. Usage: node scripts/build.mjs [--no-renderer]
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipRenderer = process.argv.includes('--no-renderer');

/** Node-side entries: [source, output, format]. Electron's preload must be a single CJS file. */
const nodeEntries = [
  ['src-main/device-host/host-entry.ts', 'out/main/device-host.mjs', 'esm'],
  ['src-main/sim/sim-main.ts', 'out/main/sim.mjs', 'esm'],
];
const electronEntries = [
  ['src-main/app/main.ts', 'out/electron/main.cjs', 'cjs'],
  ['src-main/preload/index.ts', 'out/electron/preload.cjs', 'cjs'],
  ['src-main/device-host/host-entry.ts', 'out/electron/device-host.cjs', 'cjs'],
];

async function bundle([entry, outfile, format], bundleDeps = false) {
  if (!existsSync(join(root, entry))) return;
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    packages: bundleDeps ? undefined : 'external',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/**
 * The CLI is split into chunks so each command group's module (and the packages it imports) loads
 * only when that command runs (see `commandGroups` in src-main/cli/program.ts).
 */
async function bundleCli() {
  rmSync(join(root, 'out/main/chunks'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src-main/cli/main.ts' },
    outdir: 'out/main',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

await Promise.all([bundleCli(), ...nodeEntries.map((e) => bundle(e))]);
await Promise.all(electronEntries.map((e) => bundle(e, e[1].endsWith('preload.cjs'))));

if (!skipRenderer && existsSync(join(root, 'vite.config.mts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'vite.config.mts'), logLevel: 'warn' });
}
