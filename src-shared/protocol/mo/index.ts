/**
 * Standard management objects: MOIDs, DDF descriptions, typed DMAcc/DevInfo MOData helpers.
 */
export * from './moids.js';
export { STANDARD_DDFS, standardDdf, type StandardDdf } from './standard-ddfs.js';
export { DmAccAccount, dmAccMoData, dmAccEntry, readDmAcc } from './dmacc.js';
export { DevInfo, devInfoMoData, devInfoEntry, readDevInfo, readDevInfoEntry } from './devinfo.js';
export { SessionInfo, sessionInfoMoData, sessionInfoEntry, readSessionInfo } from './sessioninfo.js';
export { Miid, RESERVED_NAMES, instanceClientUri, type MoDataValue, type MoEntryJson } from './mo-entry.js';
export { formatAt, formatHookFromDdfs, type DescribedMo } from './format-hook.js';
export { toBase64, fromBase64 } from '../../util/base64.js';
