import type { CommandTable, EventTable } from '../table.js';

/** The live trace of DM packages, link frames and APDUs. Commands (`<area>.<verb>`), joined into the contract. */
export const traceCommands = {} as const satisfies CommandTable;

/** The live trace of DM packages, link frames and APDUs. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const traceEvents = {} as const satisfies EventTable;
