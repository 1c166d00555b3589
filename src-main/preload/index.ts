import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, createBridgeApi } from './api.js';

// Preload of every app window (sandboxed, context-isolated): exposes only the contract's
// invoke/on surface as `window.bootbench`. Bundled into one CJS file, because a sandboxed preload
// can require only a few built-in modules.
contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridgeApi(ipcRenderer));
