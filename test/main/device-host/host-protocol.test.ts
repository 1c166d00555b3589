import { describe, expect, it } from 'vitest';
import { parseHostEvent, parseHostMessage, parseParentMessage } from '../../../src-main/device-host/host-protocol.js';

describe('host protocol', () => {
  it('accepts the parent messages and nothing else', () => {
    expect(parseParentMessage({ type: 'invoke', id: 1, name: 'devices.list', input: undefined })).toMatchObject({ type: 'invoke', id: 1 });
    expect(parseParentMessage({ type: 'cancel', id: 7 })).toEqual({ type: 'cancel', id: 7 });
    expect(parseParentMessage({ type: 'shutdown' })).toEqual({ type: 'shutdown' });
    for (const bad of [null, 'shutdown', { type: 'invoke', id: -1, name: 'x' }, { type: 'invoke', id: 1.5, name: 'x' }, { type: 'shutdown', now: true }, { type: 'exec' }, { type: 'invoke', id: 1, name: 'x'.repeat(101) }]) {
      expect(parseParentMessage(bad)).toBeUndefined();
    }
  });

  it('accepts host messages with well-formed envelopes only', () => {
    expect(parseHostMessage({ type: 'ready', pid: 12 })).toEqual({ type: 'ready', pid: 12 });
    expect(parseHostMessage({ type: 'result', id: 3, envelope: { ok: true, value: [1] } })).toEqual({ type: 'result', id: 3, envelope: { ok: true, value: [1] } });
    const error = { code: 'DEVICE_NOT_FOUND', message: 'gone', retryable: false, details: { deviceId: 'x' } };
    expect(parseHostMessage({ type: 'result', id: 3, envelope: { ok: false, error } })).toEqual({ type: 'result', id: 3, envelope: { ok: false, error } });
    expect(parseHostMessage({ type: 'result', id: 3, envelope: { ok: false, error: { ...error, code: 'NOPE' } } })).toBeUndefined();
    expect(parseHostMessage({ type: 'result', id: 3, envelope: { ok: 'yes', value: 1 } })).toBeUndefined();
    expect(parseHostMessage({ type: 'ready', pid: 0 })).toBeUndefined();
  });

  it('checks event payloads against the contract', () => {
    expect(parseHostEvent('device.detached', { deviceId: 'simulated:sim-1', slot: 'sim-1' })).toMatchObject({ name: 'device.detached' });
    expect(parseHostEvent('device.detached', { deviceId: '', slot: 'sim-1' })).toBeUndefined();
    expect(parseHostEvent('toString', {})).toBeUndefined();
    expect(parseHostEvent('device.exploded', {})).toBeUndefined();
  });
});
