import { z } from 'zod';
import { DeviceId } from '../../domain/device.js';
import type { CommandTable, EventTable } from '../table.js';

/** One input field a SHOW page asks for (besides the choice). */
export const PromptField = z.strictObject({
  name: z.string().min(1).max(256),
  label: z.string().max(256),
  kind: z.enum(['text', 'password', 'number']),
});
export type PromptField = z.output<typeof PromptField>;

/** Where a prompt stands. */
export const PromptState = z.enum(['pending', 'answered', 'cancelled', 'expired', 'failed']);
export type PromptState = z.output<typeof PromptState>;

/**
 * A SHOW prompt from a DM server, as the station shows it (docs/show.md). The SHOW URL itself
 * (which carries the UI session token) stays in main; the renderer sees the server's origin.
 */
export const InteractionPrompt = z.strictObject({
  id: z.string().min(1).max(64),
  deviceId: DeviceId.optional(),
  slot: z.string().max(200).optional(),
  serverId: z.string().max(256),
  serverOrigin: z.string().max(512),
  title: z.string().max(256),
  question: z.string().max(4096),
  choices: z.array(z.string().max(256)).max(16),
  fields: z.array(PromptField).max(16),
  requestedAtMs: z.number(),
  deadlineMs: z.number(),
  state: PromptState,
  /** HTTP status the server's web server component answered the answer with. */
  answerStatus: z.number().int().optional(),
  /** Why it failed (no secret). */
  reason: z.string().max(300).optional(),
});
export type InteractionPrompt = z.output<typeof InteractionPrompt>;

/** The user's answer, as the renderer sends it. */
export const PromptAnswer = z.strictObject({
  id: z.string().min(1).max(64),
  choice: z.string().min(1).max(256),
  fields: z.record(z.string().max(256), z.string().max(4096)).optional(),
});
export type PromptAnswer = z.output<typeof PromptAnswer>;

/** User interaction: SHOW prompts from a DM server and their answers. Commands (`<area>.<verb>`), joined into the contract. */
export const interactionCommands = {
  /** Prompts still waiting, then the most recent settled ones (newest first). */
  'interaction.list': { input: z.void(), output: z.array(InteractionPrompt) },
  /** Posts the answer to the SHOW URL's web server component; resolves with the settled prompt. */
  'interaction.answer': { input: PromptAnswer, output: InteractionPrompt },
  /** The user dismissed the prompt: nothing goes to the server; the prompt is settled `cancelled`. */
  'interaction.cancel': { input: z.strictObject({ id: z.string().min(1).max(64) }), output: InteractionPrompt },
} as const satisfies CommandTable;

/** User interaction: SHOW prompts from a DM server and their answers. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const interactionEvents = {
  /** A device on the bench was sent SHOW; the station shows this prompt. */
  'interaction.requested': InteractionPrompt,
  /** A prompt was answered, cancelled, expired or failed. */
  'interaction.settled': InteractionPrompt,
} as const satisfies EventTable;
