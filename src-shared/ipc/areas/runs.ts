import type { CommandTable, EventTable } from '../table.js';

/** Production runs on the bench: start, cancel, retry failed, progress with ETA. Commands (`<area>.<verb>`), joined into the contract. */
export const runsCommands = {} as const satisfies CommandTable;

/** Production runs on the bench: start, cancel, retry failed, progress with ETA. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const runsEvents = {} as const satisfies EventTable;
