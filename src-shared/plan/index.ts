/** Plan compiler (issue #8 item 2): profile + device facts → bootstrap description, commands, MO documents, card content, diff. */
export * from './plan-types.js';
export * from './credential-actions.js';
export * from './plan-parts.js';
export * from './compile-plan.js';
export * from './tree-diff.js';
