import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { channelOf, commandNames } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/envelope.js';
import { toSerializedError } from '../../src-shared/errors/index.js';
import { isAppUrl } from '../app/app-origin.js';
import { refuse, type UnexpectedErrorReporter } from './gate.js';
import type { StationBackend } from './backend.js';

/** Options of {@link registerElectronRouter}. */
export interface ElectronRouterOptions {
  /** Where calls go (the device host, or the in-process station). Its gate checks the payload. */
  readonly backend: StationBackend;
  /** The app's own windows' contents: the only trusted senders and the event targets. */
  readonly windows: () => readonly WebContents[];
  readonly reportUnexpected: UnexpectedErrorReporter;
}

/**
 * Why a sender frame is not trusted, or `undefined` when it is.
 *
 * Trusted means: the frame still exists, it is the main frame of one of our windows (not a
 * subframe, not some other WebContents) and its URL is on the app origin.
 */
export function untrustedSenderReason(frame: WebFrameMain | null | undefined, windows: readonly WebContents[]): string | undefined {
  if (frame === null || frame === undefined) return 'the sender frame is gone';
  if (frame.parent !== null) return 'the sender is a subframe';
  if (!windows.some((contents) => !contents.isDestroyed() && contents.mainFrame === frame)) return 'the sender is not an app window';
  if (!isAppUrl(frame.url)) return 'the sender is not on the app origin';
  return undefined;
}

/**
 * Wires every contract command to `ipcMain.handle` and every backend event to the app windows.
 *
 * This is the only `ipcMain` user and the only `webContents.send` caller. Each call is checked in
 * order: sender frame (→ `FORBIDDEN_SENDER`), then the backend's gate (name and payload schema →
 * `UNKNOWN_COMMAND` / `INVALID_REQUEST`). Every answer is an envelope; a throwing backend becomes
 * an `INTERNAL` envelope and is reported once. Returns a function that unregisters everything.
 */
export function registerElectronRouter(options: ElectronRouterOptions): () => void {
  const { backend, windows, reportUnexpected } = options;
  // One abort signal per sender, aborted when its WebContents goes away (one listener each,
  // however many calls are in flight).
  const signals = new WeakMap<WebContents, AbortSignal>();
  const signalOf = (sender: WebContents): AbortSignal => {
    let signal = signals.get(sender);
    if (signal === undefined) {
      const controller = new AbortController();
      sender.once('destroyed', () => controller.abort());
      signal = controller.signal;
      signals.set(sender, signal);
    }
    return signal;
  };
  for (const name of commandNames) {
    ipcMain.handle(channelOf(name), async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope<unknown>> => {
      const reason = untrustedSenderReason(event.senderFrame, windows());
      if (reason !== undefined) return refuse('FORBIDDEN_SENDER', `Refused ${name}: ${reason}`);
      try {
        return await backend.dispatch(name, raw, { via: 'electron', clientId: `webContents-${event.sender.id}`, signal: signalOf(event.sender) });
      } catch (error) {
        reportUnexpected(error, { command: name, via: 'electron' });
        return { ok: false, error: toSerializedError(error) };
      }
    });
  }
  const unsubscribe = backend.subscribe((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed()) contents.send(channelOf(name), payload);
    }
  });
  return () => {
    unsubscribe();
    for (const name of commandNames) ipcMain.removeHandler(channelOf(name));
  };
}
