export * from './clock.js';
export * from './byte-channel.js';
export * from './abort.js';
export * from './http.js';
