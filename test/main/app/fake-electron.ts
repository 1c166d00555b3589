import { EventEmitter } from 'node:events';

// A stand-in for the `electron` module with the API surface src-main/app and the router use.
// Electron's binary cannot run on these machines, so app code is tested against this fake
// (via `vi.mock('electron', ...)`); each object records what the app did to it.

type Listener = (...args: unknown[]) => unknown;

/** A fake WebContents: events, window-open handler, sends and a main frame. */
export class FakeWebContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  readonly sent: [string, unknown][] = [];
  readonly mainFrame: { url: string; parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;

  constructor(url = 'app://bootbench/index.html') {
    super();
    this.mainFrame = { url, parent: null };
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  /** Emits a cancellable Electron event and says whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true), url: args[0] };
    this.emit(name, event, ...args);
    return prevented;
  }
}

/** A fake BrowserWindow recording its options and what was loaded. */
export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }

  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  focused = 0;

  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  focus(): void {
    this.focused++;
  }
}

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (ok: boolean) => void) => void;

/** A fake Session: records the handlers the app installs. */
export interface FakeSession {
  permissionRequest: PermissionRequestHandler | undefined;
  permissionCheck: Listener | undefined;
  devicePermission: Listener | undefined;
  beforeRequest: { filter: { urls: string[] }; listener: Listener } | undefined;
  headersReceived: Listener | undefined;
  readonly protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  setPermissionRequestHandler(h: PermissionRequestHandler): void;
  setPermissionCheckHandler(h: Listener): void;
  setDevicePermissionHandler(h: Listener): void;
  readonly webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: Listener): void;
    onHeadersReceived(listener: Listener): void;
  };
  readonly protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void };
}

/** Builds a fresh fake electron module. */
export function createFakeElectron() {
  const handlers = new Map<string, Listener>();
  const app = Object.assign(new EventEmitter(), {
    hasLock: true,
    quits: 0,
    sandboxed: false,
    requestSingleInstanceLock: () => app.hasLock,
    quit: () => void app.quits++,
    enableSandbox: () => void (app.sandboxed = true),
    whenReady: () => Promise.resolve(),
  });
  const session: FakeSession = {
    permissionRequest: undefined,
    permissionCheck: undefined,
    devicePermission: undefined,
    beforeRequest: undefined,
    headersReceived: undefined,
    protocolHandlers: new Map(),
    setPermissionRequestHandler: (h: PermissionRequestHandler) => void (session.permissionRequest = h),
    setPermissionCheckHandler: (h: Listener) => void (session.permissionCheck = h),
    setDevicePermissionHandler: (h: Listener) => void (session.devicePermission = h),
    webRequest: {
      onBeforeRequest: (filter: { urls: string[] }, listener: Listener) => void (session.beforeRequest = { filter, listener }),
      onHeadersReceived: (listener: Listener) => void (session.headersReceived = listener),
    },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void session.protocolHandlers.set(scheme, handler),
    },
  };
  const privileged: unknown[] = [];
  const opened: string[] = [];
  return {
    handlers,
    privileged,
    opened,
    module: {
      app,
      BrowserWindow: FakeBrowserWindow,
      session: { defaultSession: session },
      protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => void privileged.push(...schemes) },
      shell: { openExternal: (url: string) => void opened.push(url) },
      ipcMain: {
        handle: (channel: string, h: Listener) => void handlers.set(channel, h),
        removeHandler: (channel: string) => void handlers.delete(channel),
      },
      utilityProcess: {
        fork: () => {
          throw new Error('utilityProcess is not available in tests');
        },
      },
    },
  };
}
