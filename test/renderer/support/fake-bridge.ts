import { DeviceId, type DeviceSummary } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { isCommandName, isEventName, type EventName, type Payload } from '../../../src-shared/ipc/contract.js';
import type { BootbenchApi, Envelope } from '../../../src-shared/ipc/envelope.js';
import type { Bridge } from '../../../src-renderer/bridge/bridge.js';
import type { ConnectionStatus } from '../../../src-renderer/bridge/connection-status.js';

/** A simulated handset record like the station's. */
export function aDevice(n: number, overrides: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    id: DeviceId.parse(`simulated:sim-${n}`),
    slot: `sim-${n}`,
    label: `Simulated handset ${n}`,
    transport: 'simulated',
    kind: 'handset',
    identity: { imei: `35693803000${String(n).padStart(3, '0')}0`, model: 'SimPhone 2' },
    attachedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * An in-memory bridge with the contract's surface: answers from a device list, emits events like
 * the station, and lets a test set the connection status or make the next call fail.
 */
export class FakeBridge implements Bridge {
  readonly shell = 'web' as const;
  devices: DeviceSummary[] = [];
  readonly calls: { name: string; input: unknown }[] = [];
  failNext: ProvisioningError | undefined;
  #status: ConnectionStatus = { kind: 'connected' };
  readonly #statusListeners = new Set<(s: ConnectionStatus) => void>();
  readonly #listeners = new Map<string, Set<(p: never) => void>>();
  #next = 100;

  readonly status = {
    current: () => this.#status,
    subscribe: (l: (s: ConnectionStatus) => void) => {
      this.#statusListeners.add(l);
      return () => void this.#statusListeners.delete(l);
    },
  };

  readonly api: BootbenchApi = {
    invoke: (async (name: string, input: unknown): Promise<Envelope<unknown>> => {
      if (!isCommandName(name)) throw new TypeError(`Unknown command: ${name}`);
      this.calls.push({ name, input });
      if (this.failNext !== undefined) {
        const error = this.failNext;
        this.failNext = undefined;
        return { ok: false, error: error.toSerialized() };
      }
      return { ok: true, value: this.#answer(name, input) };
    }) as BootbenchApi['invoke'],
    on: ((name: EventName, listener: (p: never) => void) => {
      if (!isEventName(name)) throw new TypeError(`Unknown event: ${String(name)}`);
      const set = this.#listeners.get(name) ?? new Set();
      this.#listeners.set(name, set);
      set.add(listener);
      return () => void set.delete(listener);
    }) as BootbenchApi['on'],
  };

  /** Changes the connection status and notifies subscribers. */
  setStatus(status: ConnectionStatus): void {
    this.#status = status;
    for (const l of [...this.#statusListeners]) l(status);
  }

  /** Emits a contract event to the UI. */
  emit<E extends EventName>(name: E, payload: Payload<E>): void {
    for (const l of [...(this.#listeners.get(name) ?? [])]) l(payload as never);
  }

  /** A device is plugged in at the station. */
  plug(device: DeviceSummary): void {
    this.devices.push(device);
    this.emit('device.attached', device);
  }

  /** A device is pulled out at the station. */
  unplug(id: DeviceId): void {
    const device = this.devices.find((d) => d.id === id);
    this.devices = this.devices.filter((d) => d.id !== id);
    if (device !== undefined) this.emit('device.detached', { deviceId: id, slot: device.slot });
  }

  #answer(name: string, input: unknown): unknown {
    switch (name) {
      case 'devices.list':
        return [...this.devices];
      case 'simulator.attach': {
        const device = aDevice(this.#next++);
        queueMicrotask(() => this.plug(device));
        return device;
      }
      case 'simulator.detach':
        queueMicrotask(() => this.unplug((input as { deviceId: DeviceId }).deviceId));
        return null;
      default:
        throw new ProvisioningError('UNKNOWN_COMMAND', name);
    }
  }
}
