import fc from 'fast-check';

/**
 * Property tests explore new random inputs on every local run (fast-check prints the seed of any
 * failure, so it can be replayed with FC_SEED). CI pins one seed so a green main stays green;
 * FC_SEED overrides either.
 */
const pinned = process.env['FC_SEED'] ?? (process.env['CI'] ? '20261124' : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
