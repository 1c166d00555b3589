import { z } from 'zod';
import { deviceIdOf } from '../services/device-registry.js';
import { openTcpChannel } from '../transports/tcp-channel.js';
import type { CandidatePort, Discovery } from './discovery.js';

/** A networked device the station is configured to reach (emulators, devices on USB networking). */
export const TcpEndpoint = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  /** Label shown until the device identifies itself. */
  label: z.string().min(1).max(200).optional(),
});
/** A networked device the station is configured to reach. */
export type TcpEndpoint = z.output<typeof TcpEndpoint>;

/** The candidate port for a configured endpoint; its slot is `tcp:<host>:<port>`. */
export function tcpCandidateOf(endpoint: TcpEndpoint, options: { readonly connectTimeoutMs?: number } = {}): CandidatePort {
  const key = `${endpoint.host}:${endpoint.port}`;
  return {
    id: deviceIdOf('tcp', key),
    slot: `tcp:${key}`,
    transport: 'tcp',
    label: endpoint.label ?? key,
    kind: 'unknown',
    identity: {},
    probe: 'link',
    open: (signal) => openTcpChannel({ host: endpoint.host, port: endpoint.port, signal, ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }) }),
  };
}

/** Reports every configured endpoint to discovery (configured endpoints are always on the bench). */
export function addTcpEndpoints(endpoints: readonly TcpEndpoint[], discovery: Discovery): void {
  for (const endpoint of endpoints) discovery.portAppeared(tcpCandidateOf(endpoint));
}
