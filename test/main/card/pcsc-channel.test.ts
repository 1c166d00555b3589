import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_HEADER_BYTES, bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob } from '../../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { readBootstrapAsDevice } from '../../../src-shared/card/dm-bootstrap.js';
import { utf8Decode } from '../../../src-shared/link/utf8.js';
import { fromHex } from '../../../src-shared/util/bytes.js';
import { PcscCardChannel, listReaders } from '../../../src-main/card/pcsc-channel.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { SECOND_READER, VICC_READER, openscTool, startCardLab, type CardLab } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { bytesEqual } from '../../../src-shared/util/bytes.js';

let lab: CardLab;

beforeAll(async () => {
  lab = await startCardLab();
  // libpcsclite reads PCSCLITE_CSOCK_NAME once, at the first context: set it before any PC/SC use.
  process.env.PCSCLITE_CSOCK_NAME = lab.socketPath;
});

afterAll(async () => {
  await lab?.stop();
});

/** Bytes out of opensc-tool's "Received (SW1=…)" hex dump lines for the last APDU. */
function lastResponseBytes(stdout: string): Uint8Array {
  const blocks = stdout.split('Sending:');
  const last = blocks[blocks.length - 1]!;
  const hex = last
    .split('\n')
    .slice(2)
    .map((l) => /^((?:[0-9A-F]{2} )+)/.exec(l)?.[1] ?? '')
    .join('');
  return fromHex(hex) ?? new Uint8Array(0);
}

describe('PC/SC adapter over real pcscd + vicc', () => {
  it('lists the vpcd readers with the vicc card and its ATR', async () => {
    const readers = await listReaders();
    expect(readers.find((r) => r.name === VICC_READER)).toEqual({ name: VICC_READER, hasCard: true, atr: '3b951381018073ff01000b' });
  });

  it('refuses an unknown reader with DEVICE_NOT_FOUND', async () => {
    await expect(PcscCardChannel.connect('No Such Reader 00 00')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('personalizes a blank vicc card, writes and verifies; opensc-tool and the device reader read the same bytes', async () => {
    const json = bootstrapJson('pcsc', 4096);
    const body = bootstrapBody(json);
    const channel = await PcscCardChannel.connect(VICC_READER);
    try {
      const { report } = await runBootstrapJob(new CardSession(channel), { body, sha256, journals: new MemoryJournals(), clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false } });
      expect(report).toMatchObject({ status: 'ok', generation: 1, written: true });
      const device = await readBootstrapAsDevice(new CardSession(channel), sha256);
      expect(device.state).toBe('valid');
      if (device.state === 'valid') expect(device.json).toBe(json);
    } finally {
      channel.close();
    }
    const head = await openscTool(lab, VICC_READER, ['00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35', '00 A4 00 0C 02 52 08', `00 B0 00 00 ${BOOTSTRAP_HEADER_BYTES.toString(16)}`]);
    const header = lastResponseBytes(head);
    expect(utf8Decode(header.subarray(0, 4))).toBe('DMB2');
    const odfOut = await openscTool(lab, VICC_READER, ['00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35', '00 A4 00 0C 02 50 31', '00 B0 00 00 0C']);
    const odf = lastResponseBytes(odfOut);
    expect(odf).toEqual(fromHex('a70a3008040' + '63f0050155207'));
    const bodyStart = lastResponseBytes(await openscTool(lab, VICC_READER, ['00 A4 08 0C 04 50 15 52 08', `00 B0 00 ${BOOTSTRAP_HEADER_BYTES.toString(16)} 40`]));
    expect(utf8Decode(bodyStart)).toBe(json.slice(0, 64));
  });

  it('holds the card exclusively for a job: other clients get DEVICE_BUSY until it closes', async () => {
    const channel = await PcscCardChannel.connect(VICC_READER);
    try {
      await channel.withExclusive(async () => {
        await expect(PcscCardChannel.connect(VICC_READER)).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
      });
      expect(channel.isExclusive).toBe(true);
    } finally {
      channel.close();
    }
    const other = await PcscCardChannel.connect(VICC_READER, 'exclusive');
    await expect(PcscCardChannel.connect(VICC_READER)).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
    other.close();
  });

  it('recovers from a card pulled at APDU boundaries through real pcscd (fault card behind vpcd)', async () => {
    const vpcd = VpcdCardWorker.start(lab.slot1Socket, { iccid: '89445001021983048261' });
    const journals = new MemoryJournals();
    const bodies = [bootstrapBody(bootstrapJson('old', 900)), bootstrapBody(bootstrapJson('new', 1300))];
    const job = async (body: Uint8Array) => {
      const channel = await PcscCardChannel.connect(SECOND_READER, 'exclusive');
      try {
        return (await runBootstrapJob(new CardSession(channel), { body, sha256, journals, clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false } })).report;
      } finally {
        channel.close();
      }
    };
    // Polls the real condition (what pcscd reports for the slot), as a technician watches the LED.
    const slotIs = async (hasCard: boolean): Promise<void> => {
      for (;;) {
        if ((await listReaders()).some((r) => r.name === SECOND_READER && r.hasCard === hasCard)) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await vpcd.insert();
      await slotIs(true);
      expect(await job(bodies[0]!)).toMatchObject({ status: 'ok', generation: 1 });
      const codes = new Set<string>();
      for (const [i, offset] of [9, 17].entries()) {
        const body = bodies[(i + 1) % 2]!;
        await vpcd.setFaults({ tearAtApdu: (await vpcd.stats()).apduCount + offset, tearMode: i % 2 === 0 ? 'before' : 'after' });
        const torn = await job(body).then(
          () => 'not torn',
          (error: unknown) => (error instanceof ProvisioningError ? error.code : 'untyped'),
        );
        codes.add(torn);
        await vpcd.setFaults({});
        await vpcd.remove();
        await slotIs(false);
        await vpcd.insert();
        await slotIs(true);
        const channel = await PcscCardChannel.connect(SECOND_READER);
        const seen = await readBootstrapAsDevice(new CardSession(channel), sha256);
        channel.close();
        if (seen.state === 'valid') expect(bodies.some((b) => bytesEqual(b, seen.body))).toBe(true);
        expect(await job(body)).toMatchObject({ status: 'ok' });
      }
      expect([...codes].every((c) => c === 'CARD_ABSENT' || c === 'DEVICE_DISCONNECTED')).toBe(true);
    } finally {
      await vpcd.stop();
    }
  });
});
