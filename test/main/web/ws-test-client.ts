import { once } from 'node:events';
import WebSocket from 'ws';
import { parseWsServerMessage, WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type WsServerMessage } from '../../../src-shared/ipc/wire.js';

/** A real `ws` client that records every station message and waits for the ones a test needs. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: WsServerMessage[];
  /** Resolves with the first recorded (or future) message matching `predicate`. */
  next(predicate: (m: WsServerMessage) => boolean): Promise<WsServerMessage>;
  /** Sends an invoke and resolves with its result message. */
  invoke(id: number, name: string, input?: unknown): Promise<Extract<WsServerMessage, { type: 'result' }>>;
  /** Resolves with the close code once the station closes the connection. */
  closed: Promise<number>;
}

/** Connection options: what the client presents. */
export interface ConnectOptions {
  readonly token?: string;
  /** `null` sends no Origin header. */
  readonly origin?: string | null;
  readonly path?: string;
}

/** Opens a WebSocket to a station origin (e.g. `http://127.0.0.1:1234`) and waits until it is open. */
export async function connect(stationOrigin: string, options: ConnectOptions): Promise<TestClient> {
  const protocols = options.token === undefined ? [WS_SUBPROTOCOL] : [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${options.token}`];
  const wsUrl = `${stationOrigin.replace(/^http/, 'ws')}${options.path ?? '/ws'}`;
  const ws = new WebSocket(wsUrl, protocols, options.origin === null ? {} : { origin: options.origin ?? stationOrigin });
  const messages: WsServerMessage[] = [];
  const waiters: { predicate: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }[] = [];
  ws.on('message', (data) => {
    const message = parseWsServerMessage(String(data));
    if (message === undefined) throw new Error(`station sent a non-protocol message: ${String(data).slice(0, 200)}`);
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.predicate(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  const closed = once(ws, 'close').then(([code]) => code as number);
  await once(ws, 'open');
  const next = (predicate: (m: WsServerMessage) => boolean) =>
    new Promise<WsServerMessage>((resolve) => {
      const seen = messages.find(predicate);
      if (seen !== undefined) resolve(seen);
      else waiters.push({ predicate, resolve });
    });
  return {
    ws,
    messages,
    next,
    closed,
    async invoke(id, name, input) {
      ws.send(JSON.stringify(input === undefined ? { type: 'invoke', id, name } : { type: 'invoke', id, name, input }));
      return (await next((m) => m.type === 'result' && m.id === id)) as Extract<WsServerMessage, { type: 'result' }>;
    },
  };
}
