import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClientUri, parseClientUri } from '../../../../src-shared/protocol/dm/client-uri.js';
import { resolveClientUri } from '../../../../src-shared/protocol/dm/resolve.js';
import { clientUriArb } from './arbitraries.js';
import { FUZZ_INPUTS, expectPrototypesClean, fuzz, fuzzSeed, mutateText, rng } from './fuzz-support.js';
import { SENSOR, sensorTree } from './helpers.js';

const DICT = ['/', '//', '(x)', '(y)', '(', ')', '*', '?', '&', '=', 'nv=', 'cv=', ':', '%2F', '__proto__', 'constructor', '..', '.', ' ', '#', 'urn:', 'urn:oma:mo:', '\u0000', '\ud800'];

describe('ClientURI decoder fuzz', () => {
  it(`survives ${FUZZ_INPUTS} generated and mutated inputs with typed errors only`, () => {
    const seed = fuzzSeed();
    const r = rng(seed);
    const seeds = [
      `${SENSOR}/(x)/Data/(y)/Value?nv=(x)/ID:GPS&nv=(y)/Date:12.2`,
      `${SENSOR}/*/Data/*/Value?cv=abc`,
      'urn:oma:mo:oma-dm-devinfo:1.2//',
      'org.openmobilealliance/1.0/w7/acc/AppID',
      ...fc.sample(clientUriArb, { numRuns: 2000, seed }).map(formatClientUri),
    ];
    const generated = fc.sample(fc.string({ maxLength: 60 }), { numRuns: FUZZ_INPUTS / 5, seed });
    const tree = sensorTree();
    const stats = fuzz(
      seed,
      FUZZ_INPUTS,
      (i) => (i % 5 === 0 ? generated[i / 5]! : mutateText(seeds[Math.floor(r() * seeds.length)]!, r, DICT)),
      (text) => {
        const uri = parseClientUri(text);
        const again = parseClientUri(formatClientUri(uri));
        if (JSON.stringify(again) !== JSON.stringify(uri)) throw new Error(`format/parse mismatch for ${text}`);
        const res = resolveClientUri(tree, uri);
        if (res.status !== 'ok' && ![400, 404].includes(res.code)) throw new Error(`unexpected ${res.code}`);
        return uri;
      },
      ['INVALID_REQUEST'],
    );
    expect(stats.accepted + stats.rejected).toBe(FUZZ_INPUTS);
    expect(stats.accepted).toBeGreaterThan(1000);
    expect(stats.rejected).toBeGreaterThan(1000);
    expect(stats.maxMs).toBeLessThan(100);
    expectPrototypesClean();
  });
});
