import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';

/** Options of {@link createMainWindow}. */
export interface MainWindowOptions {
  /** The built preload (`out/electron/preload.cjs`). */
  readonly preloadPath: string;
  /** @default the app entry, `app://bootbench/index.html` */
  readonly url?: string;
}

/**
 * The one BrowserWindow factory: every app window is made here, with the secure preferences.
 *
 * Context isolation, the sandbox and no Node in the renderer (Electron's security checklist);
 * no `<webview>`, no insecure content, no drag-and-drop navigation. Shown when ready to avoid a
 * white flash.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Bootbench',
    backgroundColor: '#101418',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click (auxclick) can open links outside the window-open handler's view.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url ?? APP_ENTRY_URL);
  return window;
}
