import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src-shared/plan/compile-plan.js';
import type { PlanPurpose } from '../../../src-shared/plan/plan-types.js';
import { diffAgainstTree, formatTreeDiff } from '../../../src-shared/plan/tree-diff.js';
import type { MoEntryJson } from '../../../src-shared/protocol/mo/mo-entry.js';
import { STATION_DER, fixedSecret, sampleProfile } from './sample-profiles.js';

const profiles = (['factory-handset', 'field-modem', 'retail-sim'] as const).map(sampleProfile);
const text = fc.string({ maxLength: 40 });

describe('compilePlan on arbitrary device facts', () => {
  // Speed is not asserted here (timing goals belong in benchmarks: a loaded CI machine made the
  // per-input 100 ms bound flaky once more profiles compiled fully for the cable).
  it('returns a plan or typed issues, never throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...profiles),
        fc.constantFrom<PlanPurpose>('cable', 'card', 'preview'),
        fc.record({ imei: fc.option(text, { nil: undefined }), iccid: fc.option(text, { nil: undefined }), model: fc.option(fc.constantFrom('Acme X1', 'Acme X2 Pro', 'Acme M3', 'x'), { nil: undefined }) }),
        fc.record({ serial: fc.option(text, { nil: undefined }), unit: fc.nat(), visit: fc.nat(), subscriber: text }),
        (profile, purpose, d, v) => {
          const device = { ...(d.imei === undefined ? {} : { imei: d.imei }), ...(d.iccid === undefined ? {} : { iccid: d.iccid }), ...(d.model === undefined ? {} : { model: d.model }), usb: { vid: '1d6b', pid: '0104' }, atr: Uint8Array.of(0x3b, 0x9f, 0x95, 0x80, 0x1f, 0xc7, 0x80, 0x31, 0xe0, 0x73, 0xfe, 0x21, 0x1b, 0x63, 0, 0, 0, 0, 0, 0) };
          const variables = { ...(v.serial === undefined ? {} : { serial: v.serial }), counters: { unit: v.unit, visit: v.visit }, csv: { subscriber: v.subscriber, pin: '0000' } };
          const r = compilePlan(profile, { device, variables }, { purpose, stationAnchors: [STATION_DER], cardSecret: fixedSecret });
          if (r.ok) expect(r.value.purpose).toBe(purpose);
          else for (const issue of r.error) expect(issue.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('diffAgainstTree never shows a secret', () => {
  it('holds for arbitrary secrets before and after', () => {
    const secret = fc.string({ minLength: 12, maxLength: 40 }).map((s) => `S3CR3T-${s}`);
    fc.assert(
      fc.property(secret, secret, fc.constantFrom('Secret', 'ClientSecretKey', 'PIN'), fc.boolean(), (before, after, leaf, present) => {
        const entry = (value: string): MoEntryJson => ({ ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/op/', MOData: { DMAcc: { Name: 'Op', Auth: { Trsp: { [leaf]: value } } } } });
        const d = diffAgainstTree({ entries: [entry(after)] }, present ? [entry(before)] : []);
        const shown = JSON.stringify(d) + formatTreeDiff(d).join('\n');
        expect(shown).not.toContain('S3CR3T-');
      }),
      { numRuns: 300 },
    );
  });
});
