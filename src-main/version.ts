/** Station version, kept in step with package.json by a test. */
export const STATION_VERSION = '0.1.0';
