import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { DeviceHostClient } from '../../../src-main/device-host/device-host-client.js';
import { hostArgs } from '../../../src-main/device-host/host-options.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';
import { SECOND_READER, VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';

// Integration: the REAL built device host (what `serve` and `start` run) with the card lab's pcscd.

let lab: CardLab;
beforeAll(async () => {
  lab = await startCardLab();
});
afterAll(async () => {
  await lab?.stop();
});

describe('card readers in the device host', () => {
  it('shows both lab readers as card-reader slots by default', async () => {
    const client = new DeviceHostClient({ spawn: nodeHostSpawner({ output: 'ignore', env: lab.env }), args: hostArgs({ shell: 'web', serial: false, simulatedDevices: 0 }) });
    try {
      const readers = new Map<string, DeviceSummary>();
      let bothSeen: () => void = () => undefined;
      const both = new Promise<void>((resolve) => (bothSeen = resolve));
      const note = (d: DeviceSummary): void => {
        if (d.transport !== 'pcsc') return;
        readers.set(d.id, d);
        if (readers.get(`pcsc:${VICC_READER}`)?.identity.atr !== undefined && readers.has(`pcsc:${SECOND_READER}`)) bothSeen();
      };
      client.subscribe((name, payload) => name === 'device.attached' && note(payload as DeviceSummary));
      await client.start();
      const listed = await client.dispatch('devices.list', undefined, { via: 'web', clientId: 'test', signal: new AbortController().signal });
      if (listed.ok) for (const d of listed.value as DeviceSummary[]) note(d);
      await both;
      expect(readers.get(`pcsc:${SECOND_READER}`)).toMatchObject({ slot: `reader:${SECOND_READER}`, kind: 'card-reader', label: SECOND_READER, identity: {} });
      expect(readers.get(`pcsc:${VICC_READER}`)).toMatchObject({ slot: `reader:${VICC_READER}`, kind: 'card-reader', identity: { atr: '3b951381018073ff01000b' } });
    } finally {
      await client.close();
    }
  });
});
