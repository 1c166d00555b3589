import { createHash, randomBytes } from 'node:crypto';
import type { Clock, Random } from '../../src-shared/ports/clock.js';

/** The system clock (wall time and a monotonic clock) for the pure layers. */
export const systemClock: Clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };

/** CSPRNG from node:crypto. */
export const nodeRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** SHA-256 from node:crypto. */
export const nodeSha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());
