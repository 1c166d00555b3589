import type { CommandTable, EventTable } from '../table.js';

/** Profiles: list, edit with validation, versions, approval, plan diff; certificate push. Commands (`<area>.<verb>`), joined into the contract. */
export const profilesCommands = {} as const satisfies CommandTable;

/** Profiles: list, edit with validation, versions, approval, plan diff; certificate push. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const profilesEvents = {} as const satisfies EventTable;
