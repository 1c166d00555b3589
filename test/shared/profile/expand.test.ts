import { describe, expect, it } from 'vitest';
import { expandProfile } from '../../../src-shared/profile/expand.js';
import { validateProfile } from '../../../src-shared/profile/validate-profile.js';
import { minimalProfile } from './minimal-profile.js';

function profile(edit: (d: Record<string, unknown>) => void = () => undefined) {
  const doc = minimalProfile();
  edit(doc);
  const r = validateProfile(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.profile;
}

describe('expandProfile', () => {
  it('fills account names and initial-config MOData for one device, as MO serialization entries', () => {
    const p = profile((d) => {
      (d['initialConfig'] as Array<{ data: Record<string, unknown> }>)[0]!.data = { NAP: { Name: 'N{counter:unit}', Port: 8080, Secure: true, Label: '{static:site}' } };
      d['variables'] = { counters: [{ name: 'unit', start: 1, width: 4 }], static: { site: 'Leeds' } };
    });
    expect(expandProfile(p, { imei: '356938035643809', counters: { unit: 41 } })).toEqual({
      ok: true,
      value: {
        accountNames: { op: 'Operator 356938035643809' },
        initialConfig: [{ ClientURI: 'urn:oma:mo:oma-connmo-nap:1.0/net/', MOData: { NAP: { Name: 'N0042', Port: '8080', Secure: 'true', Label: 'Leeds' } } }],
      },
    });
  });

  it('reports every missing device value at its pointer', () => {
    expect(expandProfile(profile(), {})).toEqual({
      ok: false,
      issues: [
        { path: ['accounts', 0, 'name'], pointer: '/accounts/0/name', message: 'no value for {imei} for this device' },
        { path: ['initialConfig', 0, 'data', 'NAP', 'Name'], pointer: '/initialConfig/0/data/NAP/Name', message: 'no value for {counter:unit} for this device' },
      ],
    });
  });
});
