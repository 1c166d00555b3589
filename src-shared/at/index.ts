export * from './at-engine.js';
export * from './at-outcome.js';
export * from './cme-errors.js';
export * from './identity.js';
export * from './line-splitter.js';
export * from './result-codes.js';
export * from './sim-access.js';
