import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTcpChannel, translateTcpError, type TcpChannel } from '../../../src-main/transports/tcp-channel.js';

describe('TcpChannel over a real loopback server', () => {
  let server: Server;
  let port: number;
  let peers: Socket[];
  let nextPeer: Promise<Socket>;
  const channels: TcpChannel[] = [];

  beforeEach(async () => {
    peers = [];
    let arrive!: (s: Socket) => void;
    nextPeer = new Promise((r) => (arrive = r));
    server = createServer((socket) => {
      peers.push(socket);
      socket.on('error', () => socket.destroy());
      arrive(socket);
      nextPeer = new Promise((r) => (arrive = r));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const c of channels.splice(0)) await c.close();
    for (const p of peers) p.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  async function open(idleTimeoutMs?: number): Promise<{ channel: TcpChannel; peer: Socket }> {
    const peer = nextPeer;
    const channel = await openTcpChannel({ host: '127.0.0.1', port, ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }) });
    channels.push(channel);
    return { channel, peer: await peer };
  }

  it('carries bytes both ways', async () => {
    const { channel, peer } = await open();
    const got: number[] = [];
    const echoed = new Promise<void>((resolve) =>
      channel.onData((chunk) => {
        got.push(...chunk);
        if (got.length >= 4) resolve();
      }),
    );
    peer.on('data', (d: Buffer) => peer.write(d));
    await channel.write(Uint8Array.of(1, 2, 3, 4));
    await echoed;
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['end', (peer: Socket) => peer.end(), 'end'],
    ['error', (peer: Socket) => peer.resetAndDestroy(), 'error'],
  ] as const)('the peer sending %s closes the channel once with that reason', async (_name, kill, expected) => {
    const { channel, peer } = await open();
    const reasons: string[] = [];
    channel.onClose((r) => reasons.push(r));
    kill(peer);
    expect(await channel.closed).toBe(expected);
    expect(reasons).toEqual([expected]);
    await expect(channel.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
  });

  it('our own close is reason "closed" and the peer sees the FIN', async () => {
    const { channel, peer } = await open();
    const peerEnded = once(peer, 'end');
    const reasons: string[] = [];
    channel.onClose((r) => reasons.push(r));
    await channel.close();
    await channel.close();
    await peerEnded;
    expect(reasons).toEqual(['closed']);
    const late: string[] = [];
    channel.onClose((r) => late.push(r));
    await Promise.resolve();
    expect(late).toEqual(['closed']);
  });

  it('silence past the idle timeout closes with "silence"; data keeps it alive', async () => {
    const { channel, peer } = await open(150);
    const t0 = performance.now();
    let chunks = 0;
    channel.onData(() => chunks++);
    peer.write('a');
    const keepAlive = setInterval(() => peer.write('b'), 40);
    await new Promise<void>((r) => channel.onData(() => chunks >= 5 && r()));
    clearInterval(keepAlive);
    expect(channel.closedReason).toBeUndefined();
    expect(await channel.closed).toBe('silence');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    expect(peer.destroyed || (await once(peer, 'close'), true)).toBe(true);
  });

  it('a refused connection is a typed DEVICE_NOT_FOUND, an aborted one CANCELLED', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await expect(openTcpChannel({ host: '127.0.0.1', port: closedPort })).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND', details: { errno: 'ECONNREFUSED' } });
    const controller = new AbortController();
    controller.abort();
    await expect(openTcpChannel({ host: '127.0.0.1', port, signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('translates errnos and keeps unknown ones as INTERNAL with the cause', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(translateTcpError(reset, 'h:1')).toMatchObject({ code: 'DEVICE_DISCONNECTED', retryable: true, cause: reset });
    expect(translateTcpError(new Error('odd'), 'h:1')).toMatchObject({ code: 'INTERNAL', details: { errno: 'unknown' } });
  });
});
