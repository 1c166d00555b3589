import { describe, expect, it } from 'vitest';
import { hostArgs, hostHookEnv, parseHostOptions } from '../../../src-main/device-host/host-options.js';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';

// How hook settings reach a device host: arguments (serve builds them), or the environment
// (start hands them to the desktop app, whose main process spawns the host).

describe('device-host hook options', () => {
  it('round-trips the --on-* commands, the timeout and the report format through hostArgs', () => {
    const hooks = { overrides: { attach: './label.sh --printer=2', failure: 'echo "x = y" >&2; exit 1', timeoutMs: 2_500 }, reports: 'json' } as const;
    const args = hostArgs({ shell: 'web', serial: false, hooks });
    expect(args).toContain('--on-attach=./label.sh --printer=2');
    expect(parseHostOptions(args, {}).hooks).toEqual(hooks);
    expect(parseHostOptions(hostArgs({ shell: 'web' }), {})).not.toHaveProperty('hooks');
  });

  it('takes hooks from BOOTBENCH_HOST_* (what start sets for the app), an argument overriding its variable', () => {
    const env = hostHookEnv({ overrides: { attach: './a.sh', detach: './d.sh', timeoutMs: 900 } });
    expect(env).toEqual({ BOOTBENCH_HOST_ON_ATTACH: './a.sh', BOOTBENCH_HOST_ON_DETACH: './d.sh', BOOTBENCH_HOST_HOOK_TIMEOUT_MS: '900' });
    expect(parseHostOptions(['--on-attach=./cli.sh'], env).hooks).toEqual({ overrides: { attach: './cli.sh', detach: './d.sh', timeoutMs: 900 } });
    expect(hostHookEnv(undefined)).toEqual({});
  });

  it.each([['--on-attach='], ['--on-attach=   '], ['--on-attach'], ['--hook-timeout-ms=99'], ['--hook-timeout-ms=600001'], ['--hook-timeout-ms=1e3'], ['--hook-reports=xml'], ['--on-reboot=./x.sh'], [`--on-detach=${'x'.repeat(4_097)}`]])(
    'refuses %s with INVALID_REQUEST',
    (arg) => {
      expect(() => parseHostOptions([arg], {})).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as ProvisioningError);
    },
  );

  it.each([[{ BOOTBENCH_HOST_ON_FAILURE: '  ' }], [{ BOOTBENCH_HOST_HOOK_TIMEOUT_MS: 'soon' }], [{ BOOTBENCH_HOST_HOOK_TIMEOUT_MS: '50' }]])('refuses a bad hook variable %j with INVALID_REQUEST', (env) => {
    expect(() => parseHostOptions([], env)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as ProvisioningError);
  });
});
