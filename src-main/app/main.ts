import { appPaths } from './app-paths.js';
import { runApp } from './lifecycle.js';

// Entry of the Electron main process, bundled to out/electron/main.cjs (CJS: `__dirname` is that
// folder, inside app.asar once packaged).
runApp({ paths: appPaths(__dirname) }).catch((error: unknown) => {
  process.stderr.write(`bootbench: the app failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`);
  process.exit(1);
});
