// Builds everything the shells run: Node entries with esbuild (dependencies stay external and are
// loaded from node_modules, except in the Node device host: see bundleHost), the renderer with Vite.
// Usage: node scripts/build.mjs [--no-renderer]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { pruneChunks, writeOutputs } from './build-output.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipRenderer = process.argv.includes('--no-renderer');
const requireHere = createRequire(import.meta.url);

/** Node-side entries: [source, output, format]. Electron's preload must be a single CJS file. */
const nodeEntries = [['src-main/sim/sim-main.ts', 'out/main/sim.mjs', 'esm']];
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
 * `node:http` and `node:https` through `require()` instead of an ESM import. Node builds a built-in's
 * ESM namespace by reading every export, and http's `WebSocket`, `CloseEvent` and `MessageEvent`
 * getters load undici (tens of milliseconds of CPU at start-up, in the web station and in the
 * device host, for classes neither uses). The stand-in module exports the rest, read once.
 */
function builtinsViaRequire() {
  const lazy = new Set(['WebSocket', 'CloseEvent', 'MessageEvent']);
  const namespace = 'builtin-via-require';
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter: /^(node:)?https?$/ }, (args) => ({ path: args.path.replace(/^node:/, ''), namespace }));
      b.onLoad({ filter: /.*/, namespace }, (args) => {
        const names = Object.getOwnPropertyNames(requireHere(`node:${args.path}`)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && !lazy.has(k) && k !== 'default');
        const contents = [
          "import { createRequire } from 'node:module';",
          `const builtin = createRequire(import.meta.url)('node:${args.path}');`,
          'export default builtin;',
          ...names.map((k) => `export const ${k} = builtin.${k};`),
        ].join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * The CLI is split into chunks so each command group's module (and the packages it imports) loads
 * only when that command runs (see `commandGroups` in src-main/cli/program.ts).
 */
async function bundleCli() {
  const { outputFiles } = await build({
    plugins: [builtinsViaRequire()],
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
    write: false,
  });
  writeOutputs(outputFiles);
  pruneChunks(join(root, 'out/main/chunks'), outputFiles);
}

/**
 * Packages the device host loads from node_modules instead of its bundle: native addons (found
 * next to their package files at run time) and packages that load files of their own.
 */
const hostExternal = ['electron', 'better-sqlite3', 'usb', 'smartcard', '@serialport/bindings-cpp', 'pg', 'pg-native', 'xmllint-wasm'];

/**
 * The Node device host (out/main/device-host.mjs), built for start-up time (docs/startup.md): its
 * pure-JS dependencies are bundled in (resolving and linking hundreds of node_modules files was
 * most of its start), and modules it imports on use (`await import()`) become chunks under
 * out/main/host-chunks/ that load only when used.
 */
async function bundleHost() {
  const { outputFiles } = await build({
    plugins: [builtinsViaRequire()],
    absWorkingDir: root,
    entryPoints: { 'device-host': 'src-main/device-host/host-entry.ts' },
    outdir: 'out/main',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'host-chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: hostExternal,
    // Bundled CommonJS packages call require(); ESM output has none of its own.
    banner: { js: "import { createRequire as __bootbenchRequire } from 'node:module'; const require = __bootbenchRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  writeOutputs(outputFiles);
  pruneChunks(join(root, 'out/main/host-chunks'), outputFiles);
}

await Promise.all([bundleCli(), bundleHost(), ...nodeEntries.map((e) => bundle(e))]);
await Promise.all(electronEntries.map((e) => bundle(e, e[1].endsWith('preload.cjs'))));

if (!skipRenderer && existsSync(join(root, 'vite.config.mts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'vite.config.mts'), logLevel: 'warn' });
}
