import { execFileSync } from 'node:child_process';

/** Builds everything the station serves (Node entries and the renderer) once per e2e run. */
export default function globalSetup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
