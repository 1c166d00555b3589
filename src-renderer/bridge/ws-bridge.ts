import { ProvisioningError, type SerializedError } from '../../src-shared/errors/index.js';
import { commands, events, isCommandName, isEventName, type CommandName, type EventName } from '../../src-shared/ipc/contract.js';
import type { BootbenchApi, Envelope } from '../../src-shared/ipc/envelope.js';
import { parseWsServerMessage, WS_CLOSE_FORBIDDEN, WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type WsClientMessage } from '../../src-shared/ipc/wire.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import type { ConnectionStatus, StatusSource } from './connection-status.js';

/** The subset of the DOM WebSocket the bridge uses (a test may pass another implementation). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Options of {@link createWsBridge}. */
export interface WsBridgeOptions {
  /** `ws://host:port/ws` of the station. */
  readonly url: string;
  /** This run's token; without one the station refuses with `AUTH_FAILED`. */
  readonly token: string | undefined;
  readonly createSocket?: (url: string, protocols: string[]) => SocketLike;
  /** Reconnect delays, the last one repeating. @default [500, 1000, 2000, 5000] */
  readonly retryDelaysMs?: readonly number[];
}

/** A WebSocket bridge: the contract surface plus connection status. */
export interface WsBridge {
  readonly api: BootbenchApi;
  readonly status: StatusSource;
  /** Closes the socket and stops reconnecting. */
  dispose(): void;
}

interface Pending {
  readonly name: CommandName;
  readonly resolve: (envelope: Envelope<unknown>) => void;
}

const OPEN = 1;

function failure(code: SerializedError['code'], message: string): Envelope<never> {
  return { ok: false, error: new ProvisioningError(code, message).toSerialized() };
}

/**
 * Creates the bridge the renderer uses in a browser: the same {@link BootbenchApi} as the Electron
 * preload, carried over the station's WebSocket. Calls made while connecting are queued; calls
 * pending when the connection drops resolve with `STATION_UNREACHABLE`. Results and events are
 * checked against the contract's schemas before they reach the UI.
 */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike);
  const delays = options.retryDelaysMs ?? [500, 1000, 2000, 5000];
  const protocols = options.token === undefined ? [WS_SUBPROTOCOL] : [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${options.token}`];
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = { kind: 'connecting' };
  let socket: SocketLike | undefined;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const l of [...statusListeners]) l(next);
  };
  const failAll = (envelope: Envelope<never>) => {
    for (const p of pending.values()) p.resolve(envelope);
    pending.clear();
    queue.length = 0;
  };

  const onMessage = (data: unknown) => {
    const message = typeof data === 'string' ? parseWsServerMessage(data) : undefined;
    if (message === undefined) return;
    switch (message.type) {
      case 'result': {
        const p = message.id === null ? undefined : pending.get(message.id);
        if (p === undefined || message.id === null) return;
        pending.delete(message.id);
        if (!message.envelope.ok) return p.resolve(message.envelope);
        const parsed = commands[p.name].output.safeParse(message.envelope.value);
        return p.resolve(parsed.success ? { ok: true, value: parsed.data } : failure('PROTOCOL_VIOLATION', `The station's answer to ${p.name} does not match the contract`));
      }
      case 'event': {
        if (!isEventName(message.name)) return;
        const parsed = events[message.name].safeParse(message.payload);
        if (!parsed.success) return;
        for (const l of [...(listeners.get(message.name) ?? [])]) l(parsed.data as never);
        return;
      }
      case 'refused':
        failAll({ ok: false, error: message.error });
        return setStatus({ kind: 'refused', error: message.error });
      default:
        return assertNever(message, 'Unexpected station message');
    }
  };

  const connect = () => {
    if (disposed) return;
    setStatus({ kind: 'connecting' });
    const ws = createSocket(options.url, protocols);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus({ kind: 'connected' });
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => onMessage(event.data);
    ws.onerror = () => undefined; // a close event always follows; it carries what we act on
    ws.onclose = (event) => {
      socket = undefined;
      if (status.kind === 'refused' || disposed) return;
      if (event.code === WS_CLOSE_FORBIDDEN) {
        failAll(failure('AUTH_FAILED', 'The station refused this page'));
        return setStatus({ kind: 'refused', error: new ProvisioningError('AUTH_FAILED', 'The station refused this page').toSerialized() });
      }
      failAll(failure('STATION_UNREACHABLE', 'The connection to the station was lost'));
      const retryInMs = delays[Math.min(attempt++, delays.length - 1)] ?? 5000;
      setStatus({ kind: 'disconnected', retryInMs });
      retryTimer = setTimeout(connect, retryInMs);
    };
  };

  const api: BootbenchApi = Object.freeze({
    invoke: ((name: CommandName, input: unknown) => {
      if (!isCommandName(name)) throw new TypeError(`Unknown command: ${String(name)}`);
      if (status.kind === 'refused') return Promise.resolve({ ok: false, error: status.error });
      const id = nextId++;
      const message: WsClientMessage = input === undefined ? { type: 'invoke', id, name } : { type: 'invoke', id, name, input };
      const text = JSON.stringify(message);
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, { name, resolve });
        if (socket !== undefined && socket.readyState === OPEN) socket.send(text);
        else queue.push(text);
      });
    }) as BootbenchApi['invoke'],
    on: ((name: EventName, listener: (payload: never) => void) => {
      if (!isEventName(name)) throw new TypeError(`Unknown event: ${String(name)}`);
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => void set.delete(listener);
    }) as BootbenchApi['on'],
  });

  connect();
  return {
    api,
    status: {
      current: () => status,
      subscribe: (listener) => {
        statusListeners.add(listener);
        return () => void statusListeners.delete(listener);
      },
    },
    dispose() {
      disposed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      socket?.close(1000, 'page closed');
      failAll(failure('CANCELLED', 'The page closed'));
    },
  };
}
