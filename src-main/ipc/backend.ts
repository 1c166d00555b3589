import type { Envelope } from '../../src-shared/ipc/envelope.js';
import type { CallContext } from './gate.js';
import type { AnyEventListener } from './event-bus.js';

/**
 * What a shell (Electron router, web station, CLI) talks to: the station's services behind the
 * gate, either in this process or in the device-host child process. Both implementations answer
 * with envelopes and never reject.
 */
export interface StationBackend {
  dispatch(name: unknown, raw: unknown, call: CallContext): Promise<Envelope<unknown>>;
  subscribe(listener: AnyEventListener): () => void;
  close(): Promise<void>;
}
