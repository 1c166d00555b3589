import { describe, expect, it, vi } from 'vitest';
import { channelOf, commandNames, eventNames } from '../../../src-shared/ipc/contract.js';

// Fake contextBridge/ipcRenderer with the API surface the preload uses.
const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const invoked: [string, unknown][] = [];
  return {
    exposed,
    listeners,
    invoked,
    emit(channel: string, event: unknown, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l(event, payload);
    },
    electron: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => {
          invoked.push([channel, input]);
          return { ok: true, value: null };
        },
        on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)!.add(l);
        },
        removeListener: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => void listeners.get(channel)?.delete(l),
      },
    },
  };
});
vi.mock('electron', () => fake.electron);

await import('../../../src-main/preload/index.js');
const api = fake.exposed.get('bootbench') as { invoke(name: unknown, input?: unknown): Promise<unknown>; on(name: unknown, l: unknown): () => void };

describe('preload bridge', () => {
  it('exposes exactly window.bootbench with invoke and on, and no Electron objects', () => {
    expect([...fake.exposed.keys()]).toEqual(['bootbench']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('forwards every contract command on its channel', async () => {
    for (const name of commandNames) await api.invoke(name, { n: name });
    expect(fake.invoked).toEqual(commandNames.map((name) => [channelOf(name), { n: name }]));
  });

  it.each(['shell.exec', '__proto__', 'toString', 'constructor', 42, undefined, 'bb:devices.list'])('refuses the unknown command %s', (name) => {
    expect(() => api.invoke(name)).toThrow(TypeError);
  });

  it.each(['device.exploded', '__proto__', 'hasOwnProperty', null])('refuses the unknown event %s', (name) => {
    expect(() => api.on(name, () => undefined)).toThrow(TypeError);
  });

  it('relays only the payload (never the IpcRendererEvent) and unsubscribes', () => {
    const name = eventNames[0]!;
    const received: unknown[][] = [];
    const off = api.on(name, (...args: unknown[]) => received.push(args));
    const event = { sender: fake.electron.ipcRenderer, senderId: 0 };
    fake.emit(channelOf(name), event, { deviceId: 'x' });
    expect(received).toEqual([[{ deviceId: 'x' }]]);
    off();
    fake.emit(channelOf(name), event, { deviceId: 'y' });
    expect(received).toHaveLength(1);
    expect(fake.listeners.get(channelOf(name))?.size).toBe(0);
  });
});
