export * from './profile-diff.js';
export * from './profile-hash.js';
export * from './profile-schema.js';
export * from './target-match.js';
export * from './template.js';
export * from './validate-profile.js';
export * from './csv-rows.js';
export * from './expand.js';
