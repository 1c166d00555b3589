/**
 * The OMA DM 2.0 engine (sans-I/O): ClientURI addressing, the management tree, MO serialization,
 * packages #0–#3, status codes and MO-instance access control.
 *
 * Choices made where the specification text is unknown live in `decisions.ts` and are listed in
 * `docs/dm2-decisions.md`.
 */
export * from './client-uri.js';
export * from './decisions.js';
export * from './limits.js';
export * from './resolve.js';
export * from './status.js';
export * from './text.js';
export * from './tree/names.js';
export * from './tree/transaction.js';
export * from './tree/tree.js';
export * from './tree/types.js';
export * from './tree/values.js';
export * from './apply.js';
export * from './package0.js';
export * from './packages/alerts.js';
export * from './packages/commands.js';
export * from './packages/media-types.js';
export * from './packages/package1.js';
export * from './packages/package2.js';
export * from './packages/package3.js';
export * from './serialization.js';
export { guardJsonShape, parseJsonText } from './json.js';
export type { PackageDecodeOptions } from './packages/codec.js';
export * from './access-control.js';
export * from './dacmo.js';
export * from './mo-ids.js';
export type { MoSource } from './lazy-source.js';
