import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { withStationOptions, type ServeCliOptions } from '../../../src-main/cli/commands/serve.js';
import { hostArgs, parseHostOptions } from '../../../src-main/device-host/host-options.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';

function parsed(argv: readonly string[]): ServeCliOptions {
  const cmd = withStationOptions(new Command('serve').exitOverride());
  cmd.parse(['node', 'serve', ...argv]);
  return cmd.opts<ServeCliOptions>();
}

describe('the readers flag from the CLI to the device host', () => {
  it('serve and start show readers unless --no-readers', () => {
    expect(parsed([]).readers).toBe(true);
    expect(parsed(['--no-readers']).readers).toBe(false);
  });

  it('the device host runs readers by default and carries --no-readers through its argv', () => {
    expect(parseHostOptions([], {}).readers).toBeUndefined();
    expect(hostArgs({ shell: 'web' })).not.toContain('--no-readers');
    expect(hostArgs({ shell: 'web', readers: true })).not.toContain('--no-readers');
    const off = { shell: 'web', serial: true, simulatedDevices: 0, serialPaths: [], pollMs: 1000, readers: false } as const;
    expect(hostArgs(off)).toContain('--no-readers');
    expect(parseHostOptions(hostArgs(off), {})).toEqual(off);
    expect(() => parseHostOptions(['--no-readers=1'], {})).toThrow(ProvisioningError);
  });
});
