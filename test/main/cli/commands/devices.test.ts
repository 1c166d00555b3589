import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCliCaptured } from '../../../support/cli.js';
import { DeviceSummary } from '../../../../src-shared/domain/device.js';

describe('bootbench devices', () => {
  it('lists the built-in simulated handset as schema-valid JSON', async () => {
    const run = await runCliCaptured(['devices', '--json']);
    expect(run.code).toBe(0);
    const devices = z.array(DeviceSummary).parse(JSON.parse(run.stdout));
    expect(devices.some((d) => d.transport === 'simulated' && d.kind === 'handset')).toBe(true);
  });

  it('prints a human table without --json', async () => {
    const run = await runCliCaptured(['devices', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sim-1\s+simulated\s+handset/);
  });

  it('exits 2 on bad usage', async () => {
    const run = await runCliCaptured(['devices', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option');
  });

  it('exits 2 on an unknown command', async () => {
    expect((await runCliCaptured(['frobnicate'])).code).toBe(2);
  });
});
