import { describe, expect, it } from 'vitest';
import { devicesReducer, INITIAL_DEVICES } from '../../../../src-renderer/features/bench/devices-state.js';
import { aDevice } from '../../support/fake-bridge.js';

describe('devicesReducer', () => {
  it('replaces the list, upserts on attach and removes on detach', () => {
    let s = devicesReducer(INITIAL_DEVICES, { type: 'listed', devices: [aDevice(1)] });
    s = devicesReducer(s, { type: 'attached', device: aDevice(2) });
    s = devicesReducer(s, { type: 'attached', device: aDevice(2, { label: 'renamed' }) });
    expect(s.devices?.map((d) => d.label)).toEqual(['Simulated handset 1', 'renamed']);
    expect(s.announcement).toBe('renamed updated on sim-2');
    s = devicesReducer(s, { type: 'detached', deviceId: aDevice(1).id, slot: 'sim-1' });
    expect(s.devices?.map((d) => d.slot)).toEqual(['sim-2']);
    expect(s.announcement).toBe('Simulated handset 1 detached from sim-1');
  });

  it('updates a known device in place, by slot name, and stays quiet while it is being identified', () => {
    let s = devicesReducer(INITIAL_DEVICES, { type: 'listed', devices: [aDevice(1), aDevice(2)] });
    s = devicesReducer(s, { type: 'attached', device: aDevice(1, { identification: 'pending' }) });
    expect(s.announcement).toBe('');
    s = devicesReducer(s, { type: 'attached', device: aDevice(1, { label: 'Acme Phone', kind: 'handset', identification: 'link', slotName: 'Bay 1' }) });
    expect(s.devices?.map((d) => d.label)).toEqual(['Acme Phone', 'Simulated handset 2']);
    expect(s.announcement).toBe('Acme Phone updated on Bay 1');
    s = devicesReducer(s, { type: 'attached', device: aDevice(3, { slotName: 'Bay 3' }) });
    expect(s.announcement).toBe('Simulated handset 3 attached on Bay 3');
  });

  it('ignores a detach of an unknown device but still announces it', () => {
    const s = devicesReducer({ devices: [aDevice(1)], announcement: '' }, { type: 'detached', deviceId: aDevice(9).id, slot: 'sim-9' });
    expect(s.devices).toHaveLength(1);
    expect(s.announcement).toBe('Device detached from sim-9');
  });
});
