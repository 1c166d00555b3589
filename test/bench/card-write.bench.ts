// Write + verify of a 4 KB DM bootstrap over real pcscd + vicc (card lab), compared in the same run
// with (APDU count × measured single-APDU round trip of each APDU kind). Goal <= 1.15x, and the APDU
// count must equal the minimum for 255-byte chunks.
import { BOOTSTRAP_HEADER_BYTES, bootstrapBody } from '../../src-shared/card/bootstrap-file.js';
import { CardSession, CHUNK_BYTES } from '../../src-shared/card/card-session.js';
import { personalize, readBackBootstrap, writeBootstrap } from '../../src-shared/card/dm-bootstrap.js';
import * as iso from '../../src-shared/card/iso7816.js';
import { LAYOUT, PKCS15_AID } from '../../src-shared/card/pkcs15.js';
import { encodeCommandApdu } from '../../src-shared/card/apdu.js';
import { PcscCardChannel } from '../../src-main/card/pcsc-channel.js';
import { nodeSha256 } from '../../src-main/card/card-service.js';
import { bootstrapJsonExact } from '../support/card-helpers.js';
import { VICC_READER, startCardLab } from '../support/card-lab.js';
import { median, type BenchRow } from '../support/bench.js';

const BODY_BYTES = 4096;

export default async (): Promise<BenchRow[]> => {
  const lab = await startCardLab();
  process.env.PCSCLITE_CSOCK_NAME = lab.socketPath;
  const channel = await PcscCardChannel.connect(VICC_READER, 'exclusive');
  try {
    const bodies = [bootstrapBody(bootstrapJsonExact('a', BODY_BYTES)), bootstrapBody(bootstrapJsonExact('b', BODY_BYTES))];
    const setup = new CardSession(channel);
    await personalize(setup, 8192);

    const update = encodeCommandApdu(iso.updateBinary(BOOTSTRAP_HEADER_BYTES, bodies[0]!.subarray(0, CHUNK_BYTES)));
    const read = encodeCommandApdu(iso.readBinary(0, CHUNK_BYTES));
    const select = encodeCommandApdu(iso.selectFid(LAYOUT.dmBootstrap));
    await setup.selectAid(PKCS15_AID);
    await setup.selectFid(LAYOUT.dmBootstrap);

    // Baseline: the same number of single APDUs of each kind, each timed alone (one round trip each).
    const singles = async (counts: { select: number; update: number; read: number }): Promise<number> => {
      let total = 0;
      for (const [apdu, n] of [[select, counts.select], [update, counts.update], [read, counts.read]] as const) {
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await channel.transmit(apdu);
          total += performance.now() - t0;
        }
      }
      return total;
    };

    // Paired design: each write+verify is followed by its baseline, so both see the same machine
    // load (build machines run other suites in parallel). Bodies alternate: every pass is a new generation.
    let counts = { total: 0, select: 0, update: 0, read: 0 };
    const actual: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 65; i++) {
      const kinds = { select: 0, update: 0, read: 0 };
      const session = new CardSession(channel, {
        onTrace: (e) => {
          const ins = e.command.slice(2, 4);
          if (ins === 'a4') kinds.select += 1;
          else if (ins === 'd6') kinds.update += 1;
          else if (ins === 'b0') kinds.read += 1;
        },
      });
      const body = bodies[i % 2]!;
      const t0 = performance.now();
      await writeBootstrap(session, body, i + 1, nodeSha256);
      const back = await readBackBootstrap(session, nodeSha256, body.length);
      const elapsed = performance.now() - t0;
      if (back.state !== 'valid' || back.generation !== i + 1) throw new Error('verify failed');
      counts = { total: session.apduCount, ...kinds };
      const expected = await singles(kinds);
      if (i < 5) continue; // warm-up
      actual.push(elapsed);
      baseline.push(expected);
    }
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    const ratio = sum(actual) / sum(baseline);
    const best = { ms: sum(actual) / actual.length, expected: sum(baseline) / baseline.length, ratio, counts, medianMs: median(actual) };
    const minimum = 4 + Math.ceil(BODY_BYTES / CHUNK_BYTES) + 1 + Math.ceil((BOOTSTRAP_HEADER_BYTES + BODY_BYTES) / CHUNK_BYTES);
    return [
      { name: 'write+verify 4 KB bootstrap (pcscd+vicc), mean of 60', value: best.ms, unit: 'ms', baseline: best.expected, ratio: best.ratio, goal: '<= 1.15x APDUs x RTT', pass: best.ratio <= 1.15 },
      { name: 'APDUs per write+verify (select/update/read)', value: best.counts.total, unit: 'APDUs', baseline: minimum, goal: `= ${minimum} (${best.counts.select}/${best.counts.update}/${best.counts.read})`, pass: best.counts.total === minimum },
    ];
  } finally {
    channel.close();
    await lab.stop();
  }
};
