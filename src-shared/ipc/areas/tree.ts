import type { CommandTable, EventTable } from '../table.js';

/** A device's management tree: read, diff preview, apply edits, instance permissions. Commands (`<area>.<verb>`), joined into the contract. */
export const treeCommands = {} as const satisfies CommandTable;

/** A device's management tree: read, diff preview, apply edits, instance permissions. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const treeEvents = {} as const satisfies EventTable;
