export * from './clock.js';
export * from './byte-channel.js';
export * from './abort.js';
