import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { ScriptedUsbBus } from '../../../src-main/transports/usb/scripted-usb-bus.js';
import { startPort } from './far-end.js';

const call: CallContext = { via: 'cli', clientId: 'discovery-test', signal: new AbortController().signal };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function station(dataDir: string, paths: string[]): Promise<Station> {
  const s = await createStation({
    shell: 'web',
    simulatedDevices: 0,
    serial: { list: async () => [], extraPaths: paths, pollMs: 50 },
    discovery: { dataDir, usb: false, identify: { linkTimeoutMs: 400, atPingTimeoutMs: 150 } },
  });
  cleanups.push(() => s.close());
  return s;
}

/** Resolves with the first `device.attached` payload that satisfies `check` (or one already listed). */
function attached(s: Station, check: (d: DeviceSummary) => boolean): Promise<DeviceSummary> {
  return new Promise((resolve) => {
    const now = s.services.registry.list().find(check);
    if (now !== undefined) return resolve(now);
    const off = s.services.bus.subscribe((name, payload) => {
      if (name === 'device.attached' && check(payload as DeviceSummary)) {
        off();
        resolve(payload as DeviceSummary);
      }
    });
  });
}

describe('discovery in the station', () => {
  it('a renamed slot keeps its name across a restart on the same data dir', async () => {
    const dataDir = tempDir('bb-station-data-');
    const phone = await startPort(tempDir('bb-station-pty-'), 'tty', { kind: 'link', identity: { imei: '490154203237518', model: 'SimPhone 2' } });
    cleanups.push(() => phone.stop());

    const first = await station(dataDir, [phone.pair.a]);
    expect(await attached(first, (d) => d.identification === 'link')).toMatchObject({ slot: phone.pair.a, kind: 'handset', identity: { imei: '490154203237518' } });
    const renamed = await first.gate.dispatch('slots.rename', { slot: phone.pair.a, name: 'Bay 7' }, call);
    expect(renamed).toEqual({ ok: true, value: { slot: phone.pair.a, name: 'Bay 7' } });
    expect(first.services.registry.list()[0]).toMatchObject({ slot: phone.pair.a, slotName: 'Bay 7' });
    const refused = await first.gate.dispatch('slots.rename', { slot: phone.pair.a, name: 'x'.repeat(81) }, call);
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    await first.close();

    const second = await station(dataDir, [phone.pair.a]);
    expect(second.services.registry.list()).toMatchObject([{ slot: phone.pair.a, slotName: 'Bay 7' }]);
    const identified = await second.gate.dispatch('devices.identify', { deviceId: second.services.registry.list()[0]!.id }, call);
    expect(identified).toMatchObject({ ok: true, value: { slotName: 'Bay 7', identification: 'link', label: 'SimPhone 2' } });
  });

  it('a port that answers nothing appears at once, becomes "unidentified", and leaves with its cable', async () => {
    const silent = await startPort(tempDir('bb-station-pty-'), 'tty', { kind: 'silent' });
    cleanups.push(() => silent.stop());
    const s = await station(tempDir('bb-station-data-'), [silent.pair.a]);
    expect(s.services.registry.list()).toMatchObject([{ slot: silent.pair.a, label: silent.pair.a, transport: 'serial', identification: 'pending' }]);
    expect(await attached(s, (d) => d.identification === 'none')).toMatchObject({ kind: 'unknown', label: silent.pair.a });
    const gone = new Promise<unknown>((resolve) => s.services.bus.subscribe((name, payload) => name === 'device.detached' && resolve(payload)));
    await silent.stop();
    expect(await gone).toMatchObject({ slot: silent.pair.a });
    expect(s.services.registry.list()).toEqual([]);
  });

  it('takes a given USB bus and configured TCP endpoints as sources, and leaves a given bus open on close', async () => {
    const phone = await startPort(tempDir('bb-station-pty-'), 'bulk', { kind: 'link', identity: { model: 'UsbPhone' } });
    cleanups.push(() => phone.stop());
    const usb = new ScriptedUsbBus();
    cleanups.push(() => usb.close());
    usb.plug({ busNumber: 1, portNumbers: [2, 3], vendorId: 0x1209, productId: 0x0001, bulkPath: phone.pair.a });
    const s = await createStation({
      shell: 'web',
      simulatedDevices: 0,
      serial: false,
      discovery: { usb, tcp: [{ host: '127.0.0.1', port: 9, label: 'Bench emulator' }], identify: { linkTimeoutMs: 400, atPingTimeoutMs: 150 } },
    });
    cleanups.push(() => s.close());
    expect(s.services.registry.list()).toMatchObject([
      { slot: 'usb:1-2.3', transport: 'usb', kind: 'handset', label: 'Bootbench handset simulator (pid.codes test PID)' },
      { slot: 'tcp:127.0.0.1:9', transport: 'tcp', label: 'Bench emulator' },
    ]);
    expect(await attached(s, (d) => d.slot === 'usb:1-2.3' && d.identification === 'link')).toMatchObject({ label: 'UsbPhone' });
    await s.close();
    // The station stopped listening, but the bus it was given is still usable by its owner.
    usb.plug({ busNumber: 1, portNumbers: [4], vendorId: 0x2c7c, productId: 0x0125, bulkPath: phone.pair.a });
    expect(s.services.registry.list().map((d) => d.slot)).not.toContain('usb:1-4');
    await (await usb.openBulk({ busNumber: 1, portNumbers: [4], vendorId: 0x2c7c, productId: 0x0125 })).close();
  });
});
