import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApduTraceEntry } from '../../../src-shared/card/apdu-trace.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { readCard, verifyCard, writeCard } from '../../../src-main/card/card-service.js';
import { bootstrapJson } from '../../support/card-helpers.js';
import { FaultCard } from '../../support/fault-card.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'card-service-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('card service', () => {
  it('writes with a file journal, reads as a device and verifies byte for byte', async () => {
    const card = new FaultCard({ iccid: '8944500102198304826', codes: new Map([[0x0a, { code: '87654321', tries: 3 }]]), writeNeedsRef: 0x0a });
    const trace: ApduTraceEntry[] = [];
    const json = bootstrapJson('svc', 1200);
    const result = await writeCard(card, {
      bootstrapJson: json,
      journalDir: dir,
      lot: OPEN_LOT,
      overrideLastTry: false,
      code: { ref: 0x0a, value: new TextEncoder().encode('87654321') },
      onTrace: (e) => trace.push(e),
    });
    expect(result.report).toMatchObject({ status: 'ok', cardId: 'iccid:8944500102198304826', generation: 1 });
    expect(JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8'))).toMatchObject({ state: 'verified', generation: 1 });
    expect(JSON.stringify(trace)).not.toContain(Buffer.from('87654321').toString('hex'));
    expect(trace.some((e) => e.command.startsWith('0020000a08**'))).toBe(true);
    const read = await readCard(card);
    expect(read.content.state === 'valid' && read.content.json === json).toBe(true);
    expect((await verifyCard(card, json)).matches).toBe(true);
    expect((await verifyCard(card, bootstrapJson('other', 1200))).matches).toBe(false);
  });

  it('reports a blank card as absent, not as an error', async () => {
    expect(await readCard(new FaultCard())).toMatchObject({ cardId: expect.stringMatching(/^atr:/), content: { state: 'absent', reason: 'no PKCS#15 application' } });
  });
});
