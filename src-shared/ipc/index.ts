export * from './contract.js';
export * from './envelope.js';
export * from './wire.js';
