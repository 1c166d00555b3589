import type { RawData, WebSocket } from 'ws';
import type { Envelope } from '../../src-shared/ipc/envelope.js';
import { WS_CLOSE_FORBIDDEN, WS_MAX_FRAME_BYTES, WsClientMessage, type WsServerMessage } from '../../src-shared/ipc/wire.js';
import { ProvisioningError, type SerializedError } from '../../src-shared/errors/index.js';
import type { StationBackend } from '../ipc/backend.js';
import { refuse } from '../ipc/gate.js';

/** A client whose unsent output exceeds this is too slow to keep up and is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Sends one refusal message and closes with {@link WS_CLOSE_FORBIDDEN}. */
export function refuseConnection(ws: WebSocket, error: SerializedError): void {
  const message: WsServerMessage = { type: 'refused', error };
  ws.send(JSON.stringify(message), () => ws.close(WS_CLOSE_FORBIDDEN, error.code));
}

function byteLengthOf(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.byteLength, 0);
  return data.byteLength;
}

function textOf(data: RawData): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  if (Array.isArray(data)) return decoder.decode(Buffer.concat(data));
  return decoder.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

/** The id of a frame that failed validation, when it still carries a usable one. */
function salvageId(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !Object.hasOwn(json, 'id')) return null;
  const id = (json as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/**
 * One authenticated WebSocket client: parses each frame, passes it through the backend's gate and
 * answers with a `result`; relays events. A bad frame gets an `INVALID_REQUEST` result and the
 * connection stays open.
 */
export class WsConnection {
  readonly #abort = new AbortController();

  constructor(
    private readonly ws: WebSocket,
    private readonly backend: StationBackend,
    readonly clientId: string,
  ) {
    ws.on('message', (data, isBinary) => void this.#onMessage(data, isBinary));
    ws.on('close', () => this.#abort.abort());
  }

  /** Sends an already-serialized station message, dropping the client if it cannot keep up. */
  sendText(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(text);
  }

  /** Closes the connection (station shutting down). */
  close(code: number, reason: string): void {
    this.#abort.abort();
    this.ws.close(code, reason);
  }

  #reply(id: number | null, envelope: Envelope<unknown>): void {
    const message: WsServerMessage = { type: 'result', id, envelope };
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch {
      text = JSON.stringify({ type: 'result', id, envelope: refuse('INTERNAL', 'The answer could not be serialized') });
    }
    this.sendText(text);
  }

  async #onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return this.#reply(null, refuse('INVALID_REQUEST', 'Binary frames are not accepted'));
    const size = byteLengthOf(data);
    if (size > WS_MAX_FRAME_BYTES) {
      return this.#reply(null, refuse('INVALID_REQUEST', 'Frame too large', { sizeBytes: size, maxBytes: WS_MAX_FRAME_BYTES }));
    }
    let json: unknown;
    try {
      json = JSON.parse(textOf(data));
    } catch {
      return this.#reply(null, refuse('INVALID_REQUEST', 'Frame is not valid UTF-8 JSON'));
    }
    const parsed = WsClientMessage.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
      return this.#reply(salvageId(json), refuse('INVALID_REQUEST', 'Malformed message', { issues }));
    }
    const { id, name, input } = parsed.data;
    let envelope: Envelope<unknown>;
    try {
      envelope = await this.backend.dispatch(name, input, { via: 'web', clientId: this.clientId, signal: this.#abort.signal });
    } catch (error) {
      // The backend contract says dispatch never rejects; keep the connection alive if one does.
      envelope = { ok: false, error: new ProvisioningError('INTERNAL', 'Internal error', { cause: error }).toSerialized() };
    }
    this.#reply(id, envelope);
  }
}
