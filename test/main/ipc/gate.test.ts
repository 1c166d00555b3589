import { describe, expect, it, vi } from 'vitest';
import { createGate, type CallContext, type Handlers } from '../../../src-main/ipc/gate.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { createStation } from '../../../src-main/station.js';

const call: CallContext = { via: 'web', clientId: 't', signal: new AbortController().signal };

async function stationGate(report = vi.fn()) {
  const station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, reportUnexpected: report });
  return { station, gate: station.gate, report };
}

describe('gate', () => {
  it('answers a valid command with an ok envelope', async () => {
    const { gate } = await stationGate();
    const result = await gate.dispatch('devices.list', undefined, call);
    expect(result.ok).toBe(true);
    expect(result.ok && Array.isArray(result.value) && result.value).toHaveLength(1);
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['toString'], [42], [null]])('refuses unknown command %s', async (name) => {
    const { gate } = await stationGate();
    const result = await gate.dispatch(name, undefined, call);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it.each([
    ['simulator.detach', {}],
    ['simulator.detach', { deviceId: 5 }],
    ['simulator.detach', { deviceId: 'x', extra: 1 }],
    ['simulator.attach', { label: 'x'.repeat(1000) }],
    ['simulator.attach', 'string'],
    ['devices.list', { unexpected: true }],
  ])('refuses malformed payload for %s', async (name, payload) => {
    const { gate } = await stationGate();
    const result = await gate.dispatch(name, payload, call);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(result.ok === false && result.error.details?.['issues']).toBeTruthy();
  });

  it('turns a handler ProvisioningError into an error envelope without reporting it', async () => {
    const { gate, report } = await stationGate();
    const result = await gate.dispatch('simulator.detach', { deviceId: 'simulated:none' }, call);
    expect(result).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });
    expect(report).not.toHaveBeenCalled();
  });

  it('reports an unexpected error once, hides its text, and keeps serving', async () => {
    const report = vi.fn();
    const handlers = {
      'station.info': async () => {
        throw new Error('secret path /home/x');
      },
    } as unknown as Handlers;
    const gate = createGate(handlers, report);
    const result = await gate.dispatch('station.info', undefined, call);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error', retryable: false } });
    expect(report).toHaveBeenCalledTimes(1);
    const again = await gate.dispatch('nope', undefined, call);
    expect(again.ok).toBe(false);
  });

  it('passes ProvisioningError details through', async () => {
    const handlers = {
      'station.info': async () => {
        throw new ProvisioningError('DEVICE_BUSY', 'Port in use', { retryable: true, details: { port: '/dev/ttyACM0' } });
      },
    } as unknown as Handlers;
    const result = await createGate(handlers, vi.fn()).dispatch('station.info', undefined, call);
    expect(result).toEqual({ ok: false, error: { code: 'DEVICE_BUSY', message: 'Port in use', retryable: true, details: { port: '/dev/ttyACM0' } } });
  });
});
