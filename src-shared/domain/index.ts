export * from './device.js';
export * from './station.js';
export * from './imei.js';
