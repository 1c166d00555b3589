import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { DeviceId } from '../../../src-shared/domain/device.js';

describe('EventBus', () => {
  it('delivers to every subscriber and stops after unsubscribe', () => {
    const bus = new EventBus();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = bus.subscribe(a);
    bus.subscribe(b);
    const payload = { deviceId: DeviceId.parse('simulated:1'), slot: 'sim-1' };
    bus.emit('device.detached', payload);
    stopA();
    bus.emit('device.detached', payload);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledWith('device.detached', payload);
  });

  it('reports a throwing subscriber and still delivers to the others', () => {
    const errors: unknown[] = [];
    const bus = new EventBus((e) => errors.push(e));
    const after = vi.fn();
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe(after);
    bus.emit('device.detached', { deviceId: DeviceId.parse('simulated:1'), slot: 's' });
    expect(after).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
  });
});
