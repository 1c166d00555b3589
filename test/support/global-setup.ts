import { execFileSync } from 'node:child_process';

/** Builds the Node entries once per test run (esbuild, < 1 s) so tests can spawn real processes. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { stdio: 'inherit' });
}
