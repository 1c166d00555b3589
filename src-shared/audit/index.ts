export * from './analytics.js';
export * from './audit-entry.js';
export * from './canonical-json.js';
export * from './chain.js';
export * from './export.js';
export * from './verify.js';
