import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryIdentity } from '../../../src-shared/at/identity.js';
import { csimCommand, parseCsim } from '../../../src-shared/at/sim-access.js';
import { settle } from '../../../src-shared/at/at-outcome.js';
import { AtDriver } from '../../../src-main/transports/at-driver.js';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { ascii, CommandReader, HEALTHY_MODEM, scriptedReply, TEST_IMEI } from '../../shared/at/scripted-modem.js';
import { startSocatPair, type SocatPair } from './socat-pair.js';
import { fromHex } from '../../../src-shared/util/bytes.js';

describe('AT over a real socat pty pair with a scripted modem', () => {
  let pair: SocatPair;
  let host: SerialPortChannel;
  let modem: SerialPortChannel;

  beforeEach(async () => {
    pair = await startSocatPair();
    host = await openSerialChannel({ path: pair.a });
    modem = await openSerialChannel({ path: pair.b });
    const reader = new CommandReader();
    let count = 0;
    modem.onData((chunk) => {
      for (const line of reader.push(chunk)) {
        // Echo on, a URC inside every third answer, and the reply written in two pieces.
        const reply = ascii(scriptedReply(line, { answers: HEALTHY_MODEM, echo: true, ...(count++ % 3 === 0 ? { urcInside: '+CREG: 1,5' } : {}) }));
        const cut = Math.floor(reply.length / 2);
        void modem.write(reply.subarray(0, cut)).then(() => modem.write(reply.subarray(cut)));
      }
    });
  });

  afterEach(async () => {
    await host.close();
    await modem.close();
    await pair.stop();
  });

  it('reads the identity and exchanges a +CSIM APDU; URCs arrive as events', async () => {
    const at = new AtDriver(host, { defaultTimeoutMs: 2000 });
    const urcs: string[] = [];
    at.onUrc((line) => urcs.push(line));
    const identity = await queryIdentity(at.exec);
    expect(identity).toEqual({ ok: true, value: expect.objectContaining({ imei: TEST_IMEI, model: 'BB-LTE-1', iccid: '8988211000000000001' }) });
    const command = csimCommand(fromHex('00A4040000')!);
    const apdu = settle(command, await at.send(command), parseCsim);
    expect(apdu).toMatchObject({ ok: true, value: { status: 'ok', value: { sw1: 0x6a, sw2: 0x82 } } });
    expect(urcs.length).toBeGreaterThanOrEqual(3);
    expect(urcs[0]).toBe('+CREG: 1,5');
    at.dispose();
  });

  it('refusals are results; a peer that stops answering times out; a dead port cancels', async () => {
    const at = new AtDriver(host, { defaultTimeoutMs: 2000 });
    const refused = await at.send('AT+UNKNOWN', { timeoutMs: 1000 });
    expect(refused).toMatchObject({ status: 'final', final: { kind: 'error' } });
    await modem.close(); // the modem stops answering; socat keeps the host side up for its 0.5 s close timeout
    const result = await at.send('AT+CGMI', { timeoutMs: 150 });
    expect(result.status).toBe('timeout');
    await pair.stop();
    await host.closed;
    const after = await at.send('AT+CGMM', { timeoutMs: 5000 });
    expect(after).toMatchObject({ status: 'cancelled', error: { code: 'DEVICE_DISCONNECTED' } });
    at.dispose();
  });
});
