import { access } from 'node:fs/promises';
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { deviceIdOf, type DeviceRegistry } from './device-registry.js';

/** One serial port as reported by the operating system. */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly pnpId?: string | undefined;
}

/** Lists the machine's serial ports (serialport's `SerialPort.list` in production). */
export type SerialPortLister = () => Promise<readonly SerialPortInfo[]>;

/**
 * Where the watcher sends what it sees: the registry directly, or discovery (which identifies
 * each port before and while it is on the bench).
 */
export interface SerialPortSink {
  /** A port appeared; `summary` is the record built from the OS facts. */
  attach(summary: DeviceSummary, port: SerialPortInfo): void;
  /** A port went away. */
  detach(id: DeviceId): void;
}

/** Options for {@link SerialWatcher}. */
export interface SerialWatcherOptions {
  readonly registry: DeviceRegistry;
  readonly list: SerialPortLister;
  /**
   * Extra tty paths to watch by existence (socat ptys and symlinks are not enumerated by the OS
   * port list).
   */
  readonly extraPaths?: readonly string[];
  readonly clock: () => number;
  /** Receiver of appear/disappear; the registry when absent. */
  readonly sink?: SerialPortSink;
}

/** Production lister backed by serialport. */
export async function listSystemSerialPorts(): Promise<readonly SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/**
 * Turns port-list snapshots into attach/detach events.
 *
 * `scan` is idempotent and cheap; the owner calls it on a timer (and on OS hot-plug hints).
 * Scans never overlap: a scan requested while one runs is folded into the running one.
 */
export class SerialWatcher {
  #running: Promise<void> | undefined;

  constructor(private readonly options: SerialWatcherOptions) {}

  /** Compares the current port list with the registry and emits the differences. */
  scan(): Promise<void> {
    this.#running ??= this.#scanOnce().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #scanOnce(): Promise<void> {
    const { registry, list, extraPaths = [], clock } = this.options;
    const sink: SerialPortSink = this.options.sink ?? { attach: (summary) => registry.attach(summary), detach: (id) => registry.detach(id) };
    const ports = new Map<string, SerialPortInfo>();
    for (const port of await list().catch(() => [])) ports.set(port.path, port);
    for (const path of extraPaths) {
      if (await exists(path)) ports.set(path, { path });
    }
    const present = new Set<string>([...ports.keys()].map((path) => deviceIdOf('serial', path)));
    const known = new Set(registry.idsOf('serial'));
    for (const id of known) if (!present.has(id)) sink.detach(id);
    for (const port of ports.values()) {
      if (!known.has(deviceIdOf('serial', port.path))) sink.attach(serialSummaryOf(port, clock()), port);
    }
  }
}

/** The record of a serial port built from what the OS reports (kind unknown until identified). */
export function serialSummaryOf(port: SerialPortInfo, nowMs: number): DeviceSummary {
  const identity: DeviceSummary['identity'] = {};
  if (port.manufacturer) identity.manufacturer = port.manufacturer;
  if (port.serialNumber) identity.serialNumber = port.serialNumber;
  if (port.vendorId) identity.vendorId = port.vendorId;
  if (port.productId) identity.productId = port.productId;
  return {
    id: deviceIdOf('serial', port.path),
    slot: port.path,
    label: port.manufacturer ? `${port.manufacturer} on ${port.path}` : port.path,
    transport: 'serial',
    kind: 'unknown',
    path: port.path,
    identity,
    attachedAtMs: nowMs,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
