import type { DeviceSummary } from '../../src-shared/domain/device.js';
import type { SerialPortInfo, SerialPortSink } from '../services/serial-watcher.js';
import { openSerialChannel } from '../transports/serial-channel.js';
import type { Discovery } from './discovery.js';

/** Options of {@link serialDiscoverySink}. */
export interface SerialSourceOptions {
  /** Line speed used while probing. @default 115200 */
  readonly baudRate?: number;
  /** Paths the user named (`--serial-port`); they are probed like USB-serial adapters. */
  readonly explicitPaths?: readonly string[];
}

/**
 * Connects the serial watcher to discovery: each tty that appears becomes a candidate port whose
 * slot is its path, probed link-first.
 *
 * Only USB-serial adapters (the OS reports a vendor id) and paths the user named are probed on
 * sight. A bare platform UART (`/dev/ttyS0`) is often the machine's console or some other
 * peripheral, so it is listed unidentified and probed only on an explicit `devices.identify`.
 */
export function serialDiscoverySink(discovery: Discovery, options: SerialSourceOptions = {}): SerialPortSink {
  return {
    attach(summary: DeviceSummary, port: SerialPortInfo) {
      discovery.portAppeared({
        id: summary.id,
        slot: summary.slot,
        transport: 'serial',
        label: summary.label,
        kind: summary.kind,
        path: port.path,
        identity: summary.identity,
        probe: 'link',
        autoProbe: port.vendorId !== undefined || (options.explicitPaths ?? []).includes(port.path),
        open: () => openSerialChannel({ path: port.path, ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }) }),
      });
    },
    detach: (id) => discovery.portGone(id),
  };
}
