import type { z } from 'zod';

/** The shape of a command table: one input and one output schema per command. */
export type CommandTable = Record<string, { readonly input: z.ZodType; readonly output: z.ZodType }>;

/** The shape of an event table: one payload schema per event. */
export type EventTable = Record<string, z.ZodType>;
