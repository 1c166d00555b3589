import { describe, expect, it } from 'vitest';
import { devicesReducer, INITIAL_DEVICES } from '../../../../src-renderer/features/bench/devices-state.js';
import { aDevice } from '../../support/fake-bridge.js';

describe('devicesReducer', () => {
  it('replaces the list, upserts on attach and removes on detach', () => {
    let s = devicesReducer(INITIAL_DEVICES, { type: 'listed', devices: [aDevice(1)] });
    s = devicesReducer(s, { type: 'attached', device: aDevice(2) });
    s = devicesReducer(s, { type: 'attached', device: aDevice(2, { label: 'renamed' }) });
    expect(s.devices?.map((d) => d.label)).toEqual(['Simulated handset 1', 'renamed']);
    expect(s.announcement).toBe('renamed attached on sim-2');
    s = devicesReducer(s, { type: 'detached', deviceId: aDevice(1).id, slot: 'sim-1' });
    expect(s.devices?.map((d) => d.slot)).toEqual(['sim-2']);
    expect(s.announcement).toBe('Simulated handset 1 detached from sim-1');
  });

  it('ignores a detach of an unknown device but still announces it', () => {
    const s = devicesReducer({ devices: [aDevice(1)], announcement: '' }, { type: 'detached', deviceId: aDevice(9).id, slot: 'sim-9' });
    expect(s.devices).toHaveLength(1);
    expect(s.announcement).toBe('Device detached from sim-9');
  });
});
