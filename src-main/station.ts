import { StationInfo } from '../src-shared/domain/station.js';
import { Discovery } from './discovery/discovery.js';
import type { IdentifyOptions } from './discovery/identify.js';
import type { ProbePoolOptions } from './discovery/probe-pool.js';
import { serialDiscoverySink } from './discovery/serial-source.js';
import { SlotNames } from './discovery/slot-names.js';
import { startPcscSource } from './discovery/pcsc-source.js';
import { addTcpEndpoints, type TcpEndpoint } from './discovery/tcp-source.js';
import { watchUsbBus } from './discovery/usb-source.js';
import { DeviceKindCatalog, loadDeviceKindCatalog } from './transports/usb/device-kinds.js';
import { loadNodeUsbBus } from './transports/usb/node-usb-bus.js';
import type { UsbBus } from './transports/usb/usb-bus.js';
import { EventBus } from './ipc/event-bus.js';
import { createGate, type Gate, type UnexpectedErrorReporter } from './ipc/gate.js';
import { createHandlers } from './ipc/handlers.js';
import { DeviceRegistry } from './services/device-registry.js';
import { SimulatedDevices } from './services/simulated-devices.js';
import { listSystemSerialPorts, SerialWatcher, type SerialPortLister } from './services/serial-watcher.js';
import { STATION_VERSION } from './version.js';
import { AuditService, stationAuditOpener } from './services/audit-service.js';
import { CertificatesService } from './services/certificates-service.js';
import { SettingsService } from './services/settings-service.js';
import type { StationServices } from './services/station-services.js';
import type { StationBackend } from './ipc/backend.js';
import { openAreas } from './areas/index.js';
import type { AreaContext } from './areas/area.js';
import { traceChannel } from './trace/trace-sink.js';
import { TraceRecorder } from './trace/trace-recorder.js';
import { nodeRandom } from './platform/node-ports.js';

export type { StationServices } from './services/station-services.js';

/** Options of {@link createStation}. */
export interface StationOptions {
  readonly shell: 'electron' | 'web';
  /** Serial discovery; `false` turns it off (e.g. the CLI's one-shot commands that do not need it). */
  readonly serial?:
    | false
    | {
        readonly list?: SerialPortLister;
        readonly extraPaths?: readonly string[];
        /** @default 1000 */
        readonly pollMs?: number;
      };
  /** Port identification, slot names and the USB/TCP sources. */
  readonly discovery?: {
    /** `false` attaches ports without probing them. @default true */
    readonly probing?: boolean;
    /** Where slot names persist (`slot-names.json`); in memory only when absent. */
    readonly dataDir?: string;
    /** The USB bus: a given one, `false` for none. @default the libusb bus when `usb@2` is installed */
    readonly usb?: UsbBus | false;
    /** Networked devices to reach. */
    readonly tcp?: readonly TcpEndpoint[];
    readonly pool?: ProbePoolOptions;
    readonly identify?: Omit<IdentifyOptions, 'random' | 'signal' | 'order'>;
  };
  /**
   * PC/SC card readers as `card-reader` slots (docs/card-readers.md); `false` leaves them out.
   * `serve`, `start` and the device host turn them on. @default false
   */
  readonly readers?: false | { readonly rescanMs?: number };
  /** Simulated handsets plugged in at start. @default 1 */
  readonly simulatedDevices?: number;
  readonly reportUnexpected?: UnexpectedErrorReporter;
  /**
   * Expected conditions worth one line to whoever runs the station (e.g. card readers unavailable
   * because pcscd is not running): not errors, no stack. @default a `bootbench: …` line on stderr
   */
  readonly notice?: (line: string) => void;
  readonly clock?: () => number;
}

/** A running station: services, the one gate in front of them, and a way to stop. */
export interface Station {
  readonly services: StationServices;
  readonly gate: Gate;
  /** The commands the gate answers (the core handlers and every area's). */
  readonly handled: readonly string[];
  close(): Promise<void>;
}

/** Default reporter: one line to stderr, no payloads (they may hold secrets). */
export const reportToStderr: UnexpectedErrorReporter = (error, context) => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error thrown';
  process.stderr.write(`bootbench: unexpected error in ${context.command} via ${context.via}: ${text}\n`);
};

/** Composition root shared by every shell. */
export async function createStation(options: StationOptions): Promise<Station> {
  const clock = options.clock ?? Date.now;
  const report = options.reportUnexpected ?? reportToStderr;
  const notice = options.notice ?? ((line: string) => void process.stderr.write(`bootbench: ${line}\n`));
  const bus = new EventBus((error) => report(error, { command: 'event-listener', via: 'bus' }));
  const registry = new DeviceRegistry(bus);
  const info = StationInfo.parse({
    name: 'Bootbench',
    version: STATION_VERSION,
    shell: options.shell,
    platform: `${process.platform}-${process.arch}`,
    startedAtMs: clock(),
  });

  const d = options.discovery ?? {};
  const discovery = new Discovery({
    registry,
    slotNames: d.dataDir === undefined ? SlotNames.inMemory() : await SlotNames.open(d.dataDir),
    clock,
    random: nodeRandom,
    ...(d.pool === undefined ? {} : { pool: d.pool }),
    ...(d.identify === undefined ? {} : { identify: d.identify }),
    ...(d.probing === undefined ? {} : { probing: d.probing }),
  });
  const stops: (() => void | Promise<void>)[] = [() => discovery.close()];
  const simulator = new SimulatedDevices({ registry, discovery, dataDir: d.dataDir });
  stops.push(() => simulator.close());
  let usb: UsbBus | false = false;
  if (d.usb !== undefined) usb = d.usb;
  else {
    const loaded = await loadNodeUsbBus();
    if (loaded.ok) usb = loaded.value;
  }
  if (usb !== false) {
    const owned = usb;
    // A missing or damaged catalog costs the VID/PID hints, not USB: report it and go on.
    const catalog = await loadDeviceKindCatalog().catch((error: unknown) => {
      report(error, { command: 'usb-catalog', via: 'station' });
      return new DeviceKindCatalog([]);
    });
    stops.push(await watchUsbBus(owned, catalog, discovery));
    if (d.usb === undefined) stops.push(() => owned.close());
  }
  addTcpEndpoints(d.tcp ?? [], discovery);
  if (options.readers !== undefined && options.readers !== false) {
    // Started on the next turn of the event loop and not awaited: loading the PC/SC addon (a
    // synchronous dlopen) never delays the station answering its first calls (docs/startup.md).
    const readers = options.readers;
    const pcsc = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      startPcscSource({
        registry,
        slotNames: discovery.slotNames,
        clock,
        report: (error) => notice(error.message),
        ...(readers.rescanMs === undefined ? {} : { rescanMs: readers.rescanMs }),
      }),
    );
    stops.push(async () => (await pcsc).stop());
  }

  let serial: SerialWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.serial !== false) {
    const s = options.serial ?? {};
    serial = new SerialWatcher({ registry, list: s.list ?? listSystemSerialPorts, extraPaths: s.extraPaths ?? [], clock, sink: serialDiscoverySink(discovery, { explicitPaths: s.extraPaths ?? [] }) });
    await serial.scan();
    const watcher = serial;
    timer = setInterval(() => void watcher.scan(), s.pollMs ?? 1000);
    timer.unref();
  }
  for (let i = 0; i < (options.simulatedDevices ?? 1); i++) simulator.attach();

  const portClock = { nowMs: clock, monotonicMs: () => performance.now() };
  const settings = new SettingsService(d.dataDir);
  const audit = new AuditService(d.dataDir, portClock, stationAuditOpener(async () => {
    const saved = (await settings.get()).storage;
    return saved.kind === 'postgres' ? saved.connectionString : undefined;
  }));
  stops.push(() => audit.close());
  const services: StationServices = {
    info, bus, registry, simulator, serial, discovery,
    certificates: new CertificatesService(d.dataDir, portClock),
    audit,
    settings,
  };
  const trace = new TraceRecorder({ now: clock });
  const context: AreaContext = {
    services,
    dataDir: d.dataDir,
    clock: portClock,
    report,
    trace,
    openLine: async (deviceId, signal) => traceChannel(await discovery.openLine(deviceId, signal), trace, { deviceId, slot: discovery.slotOf(deviceId) ?? String(deviceId) }),
  };
  const areas = await openAreas(context);
  stops.push(() => areas.close());
  const handlers = { ...createHandlers(services), ...areas.handlers };
  return {
    services,
    gate: createGate(handlers, report),
    handled: Object.keys(handlers),
    async close() {
      if (timer !== undefined) clearInterval(timer);
      for (const stop of stops.splice(0).reverse()) await stop();
    },
  };
}

/** The in-process backend: the station's own gate and event bus. */
export function inProcessBackend(station: Station): StationBackend {
  return {
    dispatch: (name, raw, call) => station.gate.dispatch(name, raw, call),
    subscribe: (listener) => station.services.bus.subscribe(listener),
    close: () => station.close(),
  };
}
