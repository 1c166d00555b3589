import { z } from 'zod';

/** Which shell hosts the renderer. */
export const StationShell = z.enum(['electron', 'web']);

/** Facts about the running station. */
export const StationInfo = z.object({
  name: z.literal('Bootbench'),
  version: z.string(),
  shell: StationShell,
  platform: z.string(),
  startedAtMs: z.number().int().nonnegative(),
});
export type StationInfo = z.output<typeof StationInfo>;
