import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob } from '../../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { readBootstrapAsDevice } from '../../../src-shared/card/dm-bootstrap.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';
import { CsimApduChannel } from '../../../src-main/card/csim-channel.js';
import { AtDriver } from '../../../src-main/transports/at-driver.js';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { ascii, CommandReader } from '../../shared/at/scripted-modem.js';
import { startSocatPair, type SocatPair } from '../transports/socat-pair.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { FaultCard } from '../../support/fault-card.js';

describe('AT+CSIM adapter over a socat pty with a modem relaying to the fault card', () => {
  let pair: SocatPair;
  let host: SerialPortChannel;
  let modem: SerialPortChannel;
  let card: FaultCard;
  let simInserted: boolean;
  let refuse: boolean;

  beforeEach(async () => {
    pair = await startSocatPair();
    host = await openSerialChannel({ path: pair.a });
    modem = await openSerialChannel({ path: pair.b });
    card = new FaultCard({ iccid: '8988211000000000001' });
    simInserted = true;
    refuse = false;
    const reader = new CommandReader();
    modem.onData((chunk) => {
      for (const line of reader.push(chunk)) {
        const m = /^AT\+CSIM=(\d+),"([0-9A-F]*)"$/i.exec(line);
        let reply: string;
        if (m === null || refuse) reply = '\r\nERROR\r\n';
        else if (!simInserted) reply = '\r\n+CME ERROR: 10\r\n';
        else {
          const response = toHex(card.execute(fromHex(m[2]!)!)).toUpperCase();
          reply = `\r\n+CSIM: ${response.length},"${response}"\r\n\r\nOK\r\n`;
        }
        void modem.write(ascii(reply));
      }
    });
  });

  afterEach(async () => {
    await host.close();
    await modem.close();
    await pair.stop();
  });

  it('runs the whole DM bootstrap job through +CSIM and reads it back as a device', async () => {
    const at = new AtDriver(host, { defaultTimeoutMs: 2000 });
    const channel = new CsimApduChannel(at.exec);
    const json = bootstrapJson('csim', 700);
    const { report } = await runBootstrapJob(new CardSession(channel), { body: bootstrapBody(json), sha256, journals: new MemoryJournals(), clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false } });
    expect(report).toMatchObject({ status: 'ok', cardId: 'iccid:8988211000000000001', generation: 1 });
    const device = await readBootstrapAsDevice(new CardSession(channel), sha256);
    expect(device.state === 'valid' && device.json === json).toBe(true);
    expect(channel.atr()).toEqual(new Uint8Array(0));
    at.dispose();
  });

  it('maps a removed SIM to CARD_ABSENT and a modem refusal to PROTOCOL_VIOLATION', async () => {
    const at = new AtDriver(host, { defaultTimeoutMs: 2000 });
    const channel = new CsimApduChannel(at.exec);
    expect(await channel.transmit(fromHex('00a4000c023f00')!)).toEqual(fromHex('9000'));
    simInserted = false;
    await expect(channel.transmit(fromHex('00a4000c023f00')!)).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    simInserted = true;
    refuse = true;
    await expect(channel.transmit(fromHex('00a4000c023f00')!)).rejects.toMatchObject({ code: 'PROTOCOL_VIOLATION' });
    refuse = false;
    expect(await channel.transmit(fromHex('00a4000c023f01')!)).toEqual(fromHex('6a82'));
    at.dispose();
  });
});
