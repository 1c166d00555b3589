import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebContents, WebFrameMain } from 'electron';
import { channelOf, commandNames } from '../../../src-shared/ipc/contract.js';
import type { Envelope } from '../../../src-shared/ipc/envelope.js';
import type { StationBackend } from '../../../src-main/ipc/backend.js';
import { createStation, inProcessBackend } from '../../../src-main/station.js';

// A fake `ipcMain` with the API surface the router uses: it captures the registered handlers so
// the test can play Electron delivering invokes from chosen frames.
const ipc = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    ipcMain: {
      handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      },
      removeHandler(channel: string) {
        handlers.delete(channel);
      },
    },
  };
});
vi.mock('electron', () => ({ ipcMain: ipc.ipcMain }));

const { registerElectronRouter } = await import('../../../src-main/ipc/electron-router.js');

interface FakeContents {
  readonly id: number;
  readonly listeners: Map<string, () => void>;
  readonly mainFrame: WebFrameMain;
  readonly sent: [string, unknown][];
  destroyed: boolean;
}

function frame(url: string, parent: WebFrameMain | null = null): WebFrameMain {
  return { url, parent } as unknown as WebFrameMain;
}

function contents(id: number, url = 'app://bootbench/index.html'): FakeContents & WebContents {
  const listeners = new Map<string, () => void>();
  const fake = {
    id,
    mainFrame: frame(url),
    sent: [] as [string, unknown][],
    destroyed: false,
    isDestroyed: () => fake.destroyed,
    send: (channel: string, payload: unknown) => void fake.sent.push([channel, payload]),
    listeners,
    once: (name: string, listener: () => void) => {
      if (listeners.has(name)) throw new Error(`second '${name}' listener`);
      listeners.set(name, listener);
    },
  };
  return fake as unknown as FakeContents & WebContents;
}

/** Plays Electron delivering an invoke on `channel` from `senderFrame` of `sender`. */
function invoke(channel: string, sender: WebContents, senderFrame: WebFrameMain | null, payload?: unknown): Promise<Envelope<unknown>> {
  const handler = ipc.handlers.get(channel);
  if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`));
  return handler({ sender, senderFrame }, payload) as Promise<Envelope<unknown>>;
}

let dispose: () => void = () => undefined;
afterEach(() => dispose());

async function setup(backendOverride?: StationBackend) {
  const station = await createStation({ shell: 'electron', serial: false });
  const window = contents(1);
  const reported: unknown[] = [];
  dispose = registerElectronRouter({
    backend: backendOverride ?? inProcessBackend(station),
    windows: () => [window],
    reportUnexpected: (error) => reported.push(error),
  });
  return { window, reported, station };
}

describe('electron router', () => {
  it('registers exactly one handler per contract command and nothing else', async () => {
    await setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(commandNames.map(channelOf).sort());
    await expect(invoke('bb:shell.exec', contents(1), frame('app://bootbench/'))).rejects.toThrow(/No handler/);
  });

  it('answers a trusted main frame with the value envelope', async () => {
    const { window } = await setup();
    const result = await invoke(channelOf('station.info'), window, window.mainFrame);
    expect(result).toMatchObject({ ok: true, value: { name: 'Bootbench', shell: 'electron' } });
  });

  it.each([
    ['a destroyed frame', (w: WebContents) => [w, null] as const],
    ['a subframe', (w: WebContents) => [w, frame('app://bootbench/inner.html', w.mainFrame)] as const],
    ['a foreign WebContents', () => [contents(99), frame('app://bootbench/index.html')] as const],
    ['a frame of ours on another origin', (w: WebContents) => [w, Object.assign(w.mainFrame, { url: 'https://example.invalid/' })] as const],
    ['a look-alike host', (w: WebContents) => [w, Object.assign(w.mainFrame, { url: 'app://bootbench.evil/index.html' })] as const],
  ])('refuses %s with FORBIDDEN_SENDER before the backend sees it', async (_label, pick) => {
    const dispatch = vi.fn();
    const { window } = await setup({ dispatch, subscribe: () => () => undefined, close: async () => undefined });
    const [sender, senderFrame] = pick(window);
    const result = await invoke(channelOf('devices.list'), sender, senderFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses malformed payloads with INVALID_REQUEST and keeps serving', async () => {
    const { window } = await setup();
    for (const bad of [{ label: 7 }, { label: 'x', admin: true }, 'attach', null, { label: 'y'.repeat(81) }]) {
      const result = await invoke(channelOf('simulator.attach'), window, window.mainFrame, bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(await invoke(channelOf('simulator.attach'), window, window.mainFrame, { label: 'ok' })).toMatchObject({ ok: true });
  });

  it('turns a throwing backend into an INTERNAL envelope, reports it once, and keeps serving', async () => {
    let fail = true;
    const backend: StationBackend = {
      dispatch: async () => {
        if (fail) throw new Error('/secret/path exploded');
        return { ok: true, value: 'fine' };
      },
      subscribe: () => () => undefined,
      close: async () => undefined,
    };
    const { window, reported } = await setup(backend);
    const result = await invoke(channelOf('devices.list'), window, window.mainFrame);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error', retryable: false } });
    expect(reported).toHaveLength(1);
    fail = false;
    expect(await invoke(channelOf('devices.list'), window, window.mainFrame)).toEqual({ ok: true, value: 'fine' });
  });

  it('aborts the calls of a window when its WebContents is destroyed, with one listener per window', async () => {
    const signals: AbortSignal[] = [];
    const backend: StationBackend = {
      dispatch: async (_name, _raw, call) => {
        signals.push(call.signal);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
      close: async () => undefined,
    };
    const { window } = await setup(backend);
    await Promise.all([1, 2, 3].map(() => invoke(channelOf('devices.list'), window, window.mainFrame)));
    expect(signals.map((s) => s.aborted)).toEqual([false, false, false]);
    window.listeners.get('destroyed')!();
    expect(signals.map((s) => s.aborted)).toEqual([true, true, true]);
  });

  it('sends backend events to every live window and stops after dispose', async () => {
    const { window, station } = await setup();
    station.services.simulator.attach('Pushed');
    expect(window.sent).toHaveLength(1);
    expect(window.sent[0]![0]).toBe(channelOf('device.attached'));
    expect(window.sent[0]![1]).toMatchObject({ label: 'Pushed' });
    window.destroyed = true;
    station.services.simulator.attach('Not delivered');
    expect(window.sent).toHaveLength(1);
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});
