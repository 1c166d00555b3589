import type { ReaderState } from 'smartcard';
import type { ProvisioningError } from '../../src-shared/errors/index.js';
import { loadPcsc, openContext } from './pcsc-channel.js';
import { translatePcscError } from './pcsc-errors.js';

/** A reader or card change, as plain data (ATR as hex). */
export type ReaderEvent =
  | { readonly kind: 'reader-attached'; readonly reader: string }
  | { readonly kind: 'reader-detached'; readonly reader: string }
  | { readonly kind: 'card-inserted'; readonly reader: string; readonly atr: string }
  | { readonly kind: 'card-removed'; readonly reader: string }
  | { readonly kind: 'error'; readonly error: ProvisioningError };

/** A running monitor; {@link stop} ends it and resolves when its context is released. */
export interface ReaderMonitorHandle {
  stop(): Promise<void>;
}

/** Options of {@link watchReaders}. */
export interface WatchOptions {
  /** How often the reader list is re-read for attach/detach. @default 1000 */
  readonly rescanMs?: number;
}

interface Seen {
  readonly present: boolean;
  readonly atr: string;
  /** pcsc-lite's event counter (high 16 bits of the state): catches a remove+insert between wakes. */
  readonly events: number;
}

/**
 * Watches PC/SC readers: attach/detach and card insert/remove, as {@link ReaderEvent}s.
 *
 * Card changes wake SCardGetStatusChange at once; the reader list is re-read on every wake and at
 * least every `rescanMs`, which is when attach/detach show. (The addon's native ReaderMonitor and
 * the PnP pseudo-reader fail with SCARD_F_COMM_ERROR against pcsc-lite 1.9.9 in the card lab, so
 * the loop is ours.) Readers and cards present at start are reported as attached/inserted.
 */
export async function watchReaders(onEvent: (event: ReaderEvent) => void, options: WatchOptions = {}): Promise<ReaderMonitorHandle> {
  const pcsc = await loadPcsc();
  const context = await openContext();
  const seen = new Map<string, Seen>();
  let running = true;

  const diff = (states: readonly { name: string; state: number; atr: Buffer | null }[]): void => {
    const now = new Map(states.map((s) => [s.name, { present: (s.state & pcsc.SCARD_STATE_PRESENT) !== 0, atr: s.atr?.toString('hex') ?? '', events: s.state >>> 16 }]));
    for (const [reader, before] of seen) {
      if (now.has(reader)) continue;
      if (before.present) onEvent({ kind: 'card-removed', reader });
      onEvent({ kind: 'reader-detached', reader });
      seen.delete(reader);
    }
    for (const [reader, after] of now) {
      const before = seen.get(reader);
      if (before === undefined) onEvent({ kind: 'reader-attached', reader });
      const cycled = before !== undefined && before.present && after.present && (before.events !== after.events || before.atr !== after.atr);
      if ((before?.present === true && !after.present) || cycled) onEvent({ kind: 'card-removed', reader });
      if ((before?.present !== true && after.present) || cycled) onEvent({ kind: 'card-inserted', reader, atr: after.atr });
      seen.set(reader, after);
    }
  };

  const loop = async (): Promise<void> => {
    let states: ReaderState[] = [];
    while (running) {
      try {
        const names = context.listReaders().map((r) => r.name);
        const known = new Map(states.map((s) => [s.name, s.state]));
        states = names.map((name) => ({ name, state: known.get(name) ?? 0, changed: false, atr: null }));
        const changes = states.length === 0 ? [] : await context.waitForChange(states, options.rescanMs ?? 1000);
        if (changes === null || !running) break;
        if (changes.length > 0) {
          diff(changes);
          states = changes.map((c) => ({ name: c.name, state: c.state & ~pcsc.SCARD_STATE_CHANGED, changed: false, atr: null }));
        } else diff(context.listReaders().map((r) => ({ name: r.name, state: r.state, atr: r.atr })));
      } catch (error) {
        onEvent({ kind: 'error', error: translatePcscError(error, 'PC/SC monitor') });
        break;
      }
    }
  };
  const done = loop().finally(() => context.close());
  return {
    stop: async () => {
      running = false;
      context.cancel();
      await done;
    },
  };
}
