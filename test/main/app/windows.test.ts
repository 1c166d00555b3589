import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).createFakeElectron().module);

const { createMainWindow } = await import('../../../src-main/app/windows.js');

describe('createMainWindow', () => {
  it('makes a sandboxed, context-isolated window without Node that loads the app entry', () => {
    const window = createMainWindow({ preloadPath: '/x/preload.cjs' }) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/x/preload.cjs',
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
        disableBlinkFeatures: 'Auxclick',
      }),
    );
    expect(window.options['show']).toBe(false);
    expect(window.loaded).toEqual(['app://bootbench/index.html']);
  });

  it('shows the window only once it is ready to show', () => {
    const window = createMainWindow({ preloadPath: '/x/preload.cjs', url: 'app://bootbench/other.html' }) as unknown as FakeBrowserWindow;
    expect(window.loaded).toEqual(['app://bootbench/other.html']);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });
});
