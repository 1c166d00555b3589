import { describe, expect, it } from 'vitest';
import { diffProfiles } from '../../../src-shared/profile/profile-diff.js';
import { minimalProfile } from './minimal-profile.js';

describe('diffProfiles', () => {
  it('is empty for canonically equal documents', () => {
    expect(diffProfiles(minimalProfile(), Object.fromEntries(Object.entries(minimalProfile()).reverse()))).toEqual([]);
  });

  it('lists added, removed and changed values by JSON pointer', () => {
    const after = minimalProfile() as Record<string, unknown> & { accounts: Array<Record<string, unknown>> };
    after['version'] = '2';
    after.accounts[0]!['permittedMoids'] = ['urn:oma:mo:oma-dm-devinfo:1.2'];
    after['description'] = 'new';
    delete after['initialConfig'];
    expect(diffProfiles(minimalProfile(), after)).toEqual([
      { kind: 'removed', pointer: '/accounts/0/permittedMoids/1', before: 'urn:oma:mo:oma-connmo-nap:1.0' },
      { kind: 'added', pointer: '/description', after: 'new' },
      { kind: 'removed', pointer: '/initialConfig', before: minimalProfile()['initialConfig'] },
      { kind: 'changed', pointer: '/version', before: '1', after: '2' },
    ]);
  });
});
