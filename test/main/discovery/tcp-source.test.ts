import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkEndpoint } from '../../../src-shared/link/link-endpoint.js';
import { Discovery } from '../../../src-main/discovery/discovery.js';
import { SlotNames } from '../../../src-main/discovery/slot-names.js';
import { addTcpEndpoints, TcpEndpoint } from '../../../src-main/discovery/tcp-source.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { DeviceRegistry } from '../../../src-main/services/device-registry.js';
import { LinkDriver } from '../../../src-main/transports/link-driver.js';
import { TcpChannel } from '../../../src-main/transports/tcp-channel.js';
import { random } from './far-end.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A networked handset: every connection gets a device-role link endpoint over real TCP. */
async function networkedHandset(): Promise<number> {
  const channels: TcpChannel[] = [];
  const server: Server = createServer((socket) => {
    const channel = new TcpChannel(socket, { host: '127.0.0.1', port: 0 });
    channels.push(channel);
    new LinkDriver({ channel, endpoint: createLinkEndpoint({ role: 'device', identity: { imei: '490154203237518', model: 'NetPhone' }, random }) });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const c of channels) await c.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('TCP endpoints in discovery', () => {
  it('identifies a networked link device over loopback TCP; an endpoint nobody listens on is unidentified', async () => {
    const port = await networkedHandset();
    const deadPort = await freePort();
    const bus = new EventBus();
    const registry = new DeviceRegistry(bus);
    const discovery = new Discovery({ registry, slotNames: SlotNames.inMemory(), clock: () => 1, random, identify: { linkTimeoutMs: 400, atPingTimeoutMs: 150 } });
    cleanups.push(() => discovery.close());
    addTcpEndpoints([TcpEndpoint.parse({ host: '127.0.0.1', port, label: 'Emulator' }), { host: '127.0.0.1', port: deadPort }], discovery);
    expect(registry.list()).toMatchObject([
      { slot: `tcp:127.0.0.1:${port}`, transport: 'tcp', label: 'Emulator', identification: 'pending' },
      { slot: `tcp:127.0.0.1:${deadPort}`, label: `127.0.0.1:${deadPort}` },
    ]);
    await new Promise<void>((resolve) => {
      const check = () => registry.list().every((d) => d.identification !== 'pending') && (off(), resolve());
      const off = bus.subscribe(check);
    });
    expect(registry.list()).toMatchObject([
      { slot: `tcp:127.0.0.1:${port}`, kind: 'handset', identification: 'link', label: 'NetPhone', identity: { imei: '490154203237518' } },
      { slot: `tcp:127.0.0.1:${deadPort}`, kind: 'unknown', identification: 'none' },
    ]);
  });

  it('validates configured endpoints', () => {
    expect(TcpEndpoint.safeParse({ host: '127.0.0.1', port: 0 }).success).toBe(false);
    expect(TcpEndpoint.safeParse({ host: '', port: 80 }).success).toBe(false);
    expect(TcpEndpoint.safeParse({ host: 'localhost', port: 7000, extra: 1 }).success).toBe(false);
  });
});
