import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob } from '../../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { readBootstrapAsDevice } from '../../../src-shared/card/dm-bootstrap.js';
import { fromHex } from '../../../src-shared/util/bytes.js';
import { SerialT0Channel } from '../../../src-main/card/serial-t0-channel.js';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { startSocatPair, type SocatPair } from '../transports/socat-pair.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { FAULT_CARD_ATR, FaultCard } from '../../support/fault-card.js';
import { T0CardSim, type T0SimOptions } from '../../support/t0-card-sim.js';

describe('serial T=0 reader over a socat pty with a simulated T=0 card', () => {
  let pair: SocatPair;
  let host: SerialPortChannel;
  let line: SerialPortChannel;

  beforeEach(async () => {
    pair = await startSocatPair();
    host = await openSerialChannel({ path: pair.a });
    line = await openSerialChannel({ path: pair.b });
  });

  afterEach(async () => {
    await host.close();
    await line.close();
    await pair.stop();
  });

  const open = async (options: T0SimOptions = {}) => {
    const card = new FaultCard({ iccid: '8944500102198304826' });
    const sim = new T0CardSim(line, card, options);
    const rates: number[] = [];
    const channel = await SerialT0Channel.open(host, { name: 'pty', resetLine: { reset: () => sim.powerOn() }, setBaudRate: async (r: number) => void rates.push(r), timeoutMs: 1000 });
    return { card, sim, channel, rates };
  };

  it('resets, reads the ATR and moves to TA1 speed with PPS', async () => {
    const { channel, rates } = await open();
    expect(channel.atr()).toEqual(FAULT_CARD_ATR);
    expect(channel.info).toMatchObject({ pps: 'accepted', baudRate: 223_200, atr: { fi: 512, di: 32 } });
    expect(rates).toEqual([223_200]);
  });

  it('keeps the default rate when the card declines the PPS', async () => {
    const { channel, rates } = await open({ acceptPps: false });
    expect(channel.info).toMatchObject({ pps: 'declined', baudRate: 9600 });
    expect(rates).toEqual([9600]);
  });

  it('runs the whole DM bootstrap job over T=0 (NULL bytes, byte-by-byte procedure, 6Cxx, 61xx)', async () => {
    for (const options of [{}, { nullBytes: true, byteByByte: true }]) {
      const { channel, sim } = await open(options);
      const json = bootstrapJson('t0', 800);
      const { report } = await runBootstrapJob(new CardSession(channel), { body: bootstrapBody(json), sha256, journals: new MemoryJournals(), clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false } });
      expect(report, JSON.stringify(report)).toMatchObject({ status: 'ok', cardId: 'iccid:8944500102198304826' });
      const device = await readBootstrapAsDevice(new CardSession(channel), sha256);
      expect(device.state === 'valid' && device.json === json).toBe(true);
      const session = new CardSession(channel);
      expect(await session.send({ cla: 0, ins: 0xa4, p1: 0, p2: 0x04, data: fromHex('3f00')!, le: 256 })).toEqual({ data: fromHex('620483023f00'), sw: 0x9000 });
      sim.detach();
    }
  });

  it('times out on a mute card and refuses malformed APDUs', async () => {
    const { channel, sim } = await open();
    sim.options.mute = true;
    await expect(channel.transmit(fromHex('00a4000c023f00')!)).rejects.toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    await expect(channel.transmit(fromHex('00a4')!)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
