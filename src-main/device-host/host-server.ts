import { parseParentMessage, type HostToParent } from './host-protocol.js';
import { refuse } from '../ipc/gate.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import type { StationBackend } from '../ipc/backend.js';

/** The host's end of the parent link: Electron's `process.parentPort` or Node's IPC channel. */
export interface ParentLink {
  /** Sends one message to the parent (structured clone). */
  send(message: HostToParent): void;
  /** Registers the one message listener. */
  onMessage(listener: (raw: unknown) => void): void;
}

/** Options of {@link serveHost}. */
export interface ServeHostOptions {
  /** Called once when the parent asks the host to stop, after the backend has closed. */
  readonly onShutdown: () => void;
  /** Receives messages that are not protocol messages (reported, never answered). */
  readonly onBadMessage: (raw: unknown) => void;
}

/**
 * Serves a station backend over the parent link.
 *
 * Every incoming message is parsed first; calls go through the backend's gate, which checks the
 * command name and payload, so a malformed `invoke` is answered with a refusal envelope. Answers
 * are always envelopes; the host never lets a call go unanswered unless it is cancelled.
 */
export function serveHost(backend: StationBackend, link: ParentLink, options: ServeHostOptions): void {
  const inFlight = new Map<number, AbortController>();
  let stopping = false;
  const unsubscribe = backend.subscribe((name, payload) => link.send({ type: 'event', name, payload }));

  link.onMessage((raw) => {
    const message = parseParentMessage(raw);
    if (message === undefined) {
      options.onBadMessage(raw);
      return;
    }
    switch (message.type) {
      case 'invoke': {
        const { id, name, input } = message;
        if (stopping) {
          link.send({ type: 'result', id, envelope: refuse('DEVICE_DISCONNECTED', 'The device host is shutting down') });
          return;
        }
        const controller = new AbortController();
        inFlight.set(id, controller);
        void backend
          .dispatch(name, input, { via: 'host', clientId: 'parent', signal: controller.signal })
          .then((envelope) => {
            if (inFlight.delete(id)) link.send({ type: 'result', id, envelope });
          });
        return;
      }
      case 'cancel':
        inFlight.get(message.id)?.abort();
        inFlight.delete(message.id);
        return;
      case 'shutdown':
        if (stopping) return;
        stopping = true;
        unsubscribe();
        for (const controller of inFlight.values()) controller.abort();
        void backend.close().finally(options.onShutdown);
        return;
      default:
        assertNever(message, 'Unhandled host message');
    }
  });
}
