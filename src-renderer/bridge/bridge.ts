import type { BootbenchApi } from '../../src-shared/ipc/envelope.js';
import { WS_PATH } from '../../src-shared/ipc/wire.js';
import { ALWAYS_CONNECTED, type StatusSource } from './connection-status.js';
import { createWsBridge, type WsBridgeOptions } from './ws-bridge.js';

/** The contract surface the UI uses, with its connection status. */
export interface Bridge {
  readonly api: BootbenchApi;
  readonly status: StatusSource;
  /** Which shell carries the contract. */
  readonly shell: 'electron' | 'web';
}

/** The parts of `window` the bridge reads (injected in tests). */
export interface BridgeHost {
  readonly bootbench?: BootbenchApi;
  readonly location: Pick<Location, 'hash' | 'host' | 'pathname' | 'search' | 'protocol'>;
  readonly history: Pick<History, 'replaceState'>;
}

/**
 * Takes the token out of the URL fragment (`#token=…`) and removes it from the address bar, so
 * it is not bookmarked, shared in a screenshot or kept in history. Returns `undefined` without one.
 */
export function takeTokenFromHash(host: BridgeHost): string | undefined {
  const params = new URLSearchParams(host.location.hash.replace(/^#/, ''));
  const token = params.get('token') ?? undefined;
  if (host.location.hash !== '') host.history.replaceState(null, '', `${host.location.pathname}${host.location.search}`);
  return token === '' ? undefined : token;
}

/**
 * Picks the bridge: the Electron preload's `window.bootbench` when present, else a WebSocket bridge
 * to the web station that served this page. This module is the only reader of `window.bootbench`.
 *
 * In the browser the WebSocket bridge is also published, frozen, as `window.bootbench`, so both
 * shells present the same allowlisted surface (`invoke`, `on`) to anything that inspects the page.
 */
export function connectBridge(host: BridgeHost & object, wsOptions: Partial<WsBridgeOptions> = {}): Bridge {
  if (host.bootbench !== undefined) return { api: host.bootbench, status: ALWAYS_CONNECTED, shell: 'electron' };
  const scheme = host.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = createWsBridge({ url: `${scheme}://${host.location.host}${WS_PATH}`, token: takeTokenFromHash(host), ...wsOptions });
  Object.defineProperty(host, 'bootbench', { value: ws.api, writable: false, configurable: false, enumerable: false });
  return { api: ws.api, status: ws.status, shell: 'web' };
}
