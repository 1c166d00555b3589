export * from './provisioning-error.js';
