import type { CommandTable, EventTable } from '../table.js';

/** User interaction: SHOW prompts from a DM server and their answers. Commands (`<area>.<verb>`), joined into the contract. */
export const interactionCommands = {} as const satisfies CommandTable;

/** User interaction: SHOW prompts from a DM server and their answers. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const interactionEvents = {} as const satisfies EventTable;
