import { hostname } from 'node:os';

/** This station's id in audit entries and identity records: `$BOOTBENCH_STATION_ID`, else the host name. */
export function stationId(): string {
  return process.env['BOOTBENCH_STATION_ID'] || hostname();
}
