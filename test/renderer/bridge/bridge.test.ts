import { describe, expect, it } from 'vitest';
import { connectBridge, takeTokenFromHash, type BridgeHost } from '../../../src-renderer/bridge/bridge.js';
import type { SocketLike } from '../../../src-renderer/bridge/ws-bridge.js';
import { FakeBridge } from '../support/fake-bridge.js';

function hostAt(hash: string, bootbench?: BridgeHost['bootbench']): BridgeHost & { replaced: string[] } {
  const replaced: string[] = [];
  return {
    ...(bootbench === undefined ? {} : { bootbench }),
    location: { hash, host: '127.0.0.1:4000', pathname: '/', search: '', protocol: 'http:' },
    history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    replaced,
  };
}

/** A socket that records how it was opened and never connects. */
function recordingSocket(opened: { url: string; protocols: string[] }[]) {
  return (url: string, protocols: string[]): SocketLike => {
    opened.push({ url, protocols });
    return { readyState: 0, send: () => undefined, close: () => undefined, onopen: null, onmessage: null, onclose: null, onerror: null };
  };
}

describe('bridge selection', () => {
  it('takes the token from the fragment and removes it from the address bar', () => {
    const host = hostAt('#token=abc_DEF-123');
    expect(takeTokenFromHash(host)).toBe('abc_DEF-123');
    expect(host.replaced).toEqual(['/']);
    expect(takeTokenFromHash(hostAt(''))).toBeUndefined();
    expect(takeTokenFromHash(hostAt('#token='))).toBeUndefined();
  });

  it('uses the Electron preload when it is present', () => {
    const preload = new FakeBridge().api;
    const bridge = connectBridge(hostAt('', preload));
    expect(bridge.shell).toBe('electron');
    expect(bridge.api).toBe(preload);
    expect(bridge.status.current()).toEqual({ kind: 'connected' });
  });

  it('otherwise opens the WebSocket bridge with the token subprotocol and publishes it frozen', () => {
    const opened: { url: string; protocols: string[] }[] = [];
    const host = hostAt('#token=t0k3n');
    const bridge = connectBridge(host, { createSocket: recordingSocket(opened) });
    expect(bridge.shell).toBe('web');
    expect(opened).toEqual([{ url: 'ws://127.0.0.1:4000/ws', protocols: ['bootbench.v1', 'token.t0k3n'] }]);
    expect(host.bootbench).toBe(bridge.api);
    expect(() => Object.assign(host, { bootbench: {} })).toThrow(TypeError);
  });
});
