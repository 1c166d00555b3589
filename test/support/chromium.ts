/**
 * How tests and benchmarks launch Debian's Chromium (never `playwright install`): its path and the
 * switches that keep it off the network this machine does not have.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Launch switches for headless runs as root on a closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
