/** Cable bootstrap (issue #5 item 6): shared constants, the bootstrap description, its plan, device state. */
export * from './cable-constants.js';
export * from './bootstrap-spec.js';
export * from './bootstrap-plan.js';
export * from './device-state.js';
export * from './factory-tree.js';
