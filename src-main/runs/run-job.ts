/** The run manager's record of one slot's run while it is queued or active (internal). */
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { TimedPhase } from '../../src-shared/runs/eta.js';
import type { RunState } from '../../src-shared/runs/run-state.js';
import type { CardLine, SlotResult } from './run-types.js';

/** A slot's run while it is queued or active. */
export interface Job {
  readonly slot: string;
  readonly retryOnly: boolean;
  readonly result: Promise<SlotResult>;
  cancelled: boolean;
  /** The handset's line (cable slots). */
  channel: ByteChannel | undefined;
  /** The card connection (card-reader slots). */
  card?: CardLine | undefined;
  phase: TimedPhase | undefined;
  phaseStartedMs: number;
}

/** Run states timed by the ETA estimator. */
export const PHASE_OF: Partial<Record<RunState, TimedPhase>> = { identifying: 'identifying', bootstrapping: 'bootstrapping', 'first-contact': 'first-contact' };
