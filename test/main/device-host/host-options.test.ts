import { describe, expect, it } from 'vitest';
import { hostArgs, hostArgsOf, parseHostOptions } from '../../../src-main/device-host/host-options.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';

describe('device-host options', () => {
  it('defaults to the Electron shell with serial discovery and one simulated handset', () => {
    expect(parseHostOptions([], {})).toEqual({ shell: 'electron', serial: true, simulatedDevices: 1, serialPaths: [], pollMs: 1000 });
  });

  it('round-trips through hostArgs', () => {
    const options = { shell: 'web', serial: false, simulatedDevices: 3, serialPaths: ['/tmp/ttyA', '/dev/ttyACM0'], pollMs: 250, dataDir: '/var/lib/bootbench' } as const;
    expect(parseHostOptions(hostArgs(options), {})).toEqual(options);
  });

  it('finds its own arguments after the marker, whatever precedes them', () => {
    const argv = ['/usr/bin/electron', '--type=utility', '/app/device-host.cjs', ...hostArgs({ serial: false })];
    expect(parseHostOptions(hostArgsOf(argv), {}).serial).toBe(false);
    expect(hostArgsOf(['node', 'host.mjs', '--no-serial'])).toEqual([]);
  });

  it('turns serial discovery off from the environment', () => {
    expect(parseHostOptions([], { BOOTBENCH_HOST_SERIAL: '0' }).serial).toBe(false);
  });

  it.each([['--shell=cli'], ['--simulated=65'], ['--serial-port=relative/tty'], ['--poll-ms=5'], ['--poll-ms=1e3'], ['--data-dir=relative/dir'], ['--simulated=-1'], ['--no-serial=1'], ['--inspect'], ['--simulated']])('refuses %s with a typed error', (arg) => {
    expect(() => parseHostOptions([arg], {})).toThrow(ProvisioningError);
  });
});
