import type { StationBackend } from '../ipc/backend.js';
import { hookListener } from './hook-events.js';
import type { HookRunner } from './hook-runner.js';

/**
 * Drives `runner` from a station backend's events (attach, detach, run results; see
 * {@link hookListener}). The ONE place hooks are connected to a station: the device host does it
 * for its own station, `serve --in-process` and the CLI commands for theirs — so whichever layer
 * owns the station fires each event exactly once.
 *
 * Devices attached before the subscription (the simulated handsets a station starts with) are
 * replayed from `devices.list`; one that detached meanwhile is not announced. Returns the
 * unsubscribe function.
 */
export function connectHooks(backend: Pick<StationBackend, 'subscribe' | 'dispatch'>, runner: HookRunner): () => void {
  const listen = hookListener(runner);
  const gone = new Set<string>();
  const unsubscribe = backend.subscribe((name, payload) => {
    if (name === 'device.detached' && typeof payload === 'object' && payload !== null) {
      const id = (payload as { deviceId?: unknown }).deviceId;
      if (typeof id === 'string') gone.add(id);
    }
    listen(name, payload);
  });
  void backend
    .dispatch('devices.list', undefined, { via: 'cli', clientId: 'hooks', signal: new AbortController().signal })
    .then((listed) => {
      if (!listed.ok || !Array.isArray(listed.value)) return;
      for (const d of listed.value as { id?: unknown }[]) if (typeof d.id !== 'string' || !gone.has(d.id)) listen('device.attached', d);
      gone.clear();
    })
    .catch(() => undefined);
  return unsubscribe;
}
