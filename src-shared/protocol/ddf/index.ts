/**
 * DDF (Device Description Framework) import, export and model: the public surface of this folder.
 */
export * from './model.js';
export { DdfDocumentSchema, DdfNodeSchema, DfPropertiesSchema, ExtensionElementSchema, OccurrenceSchema } from './model.schema.js';
export { importDdf, importDdfOrThrow, formatIssue, type ImportDdfOptions } from './import-ddf.js';
export { DEFAULT_DDF_LIMITS, type DdfLimits } from './import-context.js';
export { exportDdf, DDF_DOCTYPE, type ExportDdfOptions } from './export-ddf.js';
export { listNodes, findNode, nodeLabel, topLevelUri, moidOf, type LocatedNode } from './ddf-paths.js';
