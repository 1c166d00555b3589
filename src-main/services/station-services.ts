import type { StationInfo } from '../../src-shared/domain/station.js';
import type { Discovery } from '../discovery/discovery.js';
import type { EventBus } from '../ipc/event-bus.js';
import type { DeviceRegistry } from './device-registry.js';
import type { SimulatedDevices } from './simulated-devices.js';
import type { SerialWatcher } from './serial-watcher.js';
import type { CertificatesService } from './certificates-service.js';
import type { AuditService } from './audit-service.js';
import type { SettingsService } from './settings-service.js';

/** The services every shell (Electron, web station, CLI, device host) runs. */
export interface StationServices {
  readonly info: StationInfo;
  readonly bus: EventBus;
  readonly registry: DeviceRegistry;
  readonly simulator: SimulatedDevices;
  readonly serial: SerialWatcher | undefined;
  /** Port identification and slot names (serial, USB, TCP sources feed it). */
  readonly discovery: Discovery;
  /** Station CA, issued certificates and the inspector. */
  readonly certificates: CertificatesService;
  /** The audit log: pages, verify, export, analytics. */
  readonly audit: AuditService;
  /** Station settings in the data directory. */
  readonly settings: SettingsService;
}
