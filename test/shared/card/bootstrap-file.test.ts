import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_HEADER_BYTES,
  bootstrapBody,
  bootstrapImage,
  classifyBootstrap,
  encodeBootstrapHeader,
  parseBootstrapHeader,
} from '../../../src-shared/card/bootstrap-file.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { toHex } from '../../../src-shared/util/bytes.js';
import { bootstrapJson, sha256 } from '../../support/card-helpers.js';

describe('EF(DM_Bootstrap) layout', () => {
  it('encodes the 46-byte header as documented', () => {
    const header = encodeBootstrapHeader({ generation: 7, lengthBytes: 0x1234, sha256: new Uint8Array(32).fill(0xab) });
    expect(header.length).toBe(BOOTSTRAP_HEADER_BYTES);
    expect(toHex(header.subarray(0, 14))).toBe('444d42320100' + '00000007' + '00001234');
    expect(parseBootstrapHeader(header)).toEqual({ ok: true, value: { generation: 7, lengthBytes: 0x1234, sha256: new Uint8Array(32).fill(0xab) } });
  });

  it('tells blank, valid and torn content apart', () => {
    const body = bootstrapBody(bootstrapJson('a'));
    const image = bootstrapImage(body, 3, sha256);
    const header = parseBootstrapHeader(image);
    if (!header.ok || header.value === 'blank') throw new Error('header');
    expect(classifyBootstrap(header.value, image.subarray(BOOTSTRAP_HEADER_BYTES), sha256)).toMatchObject({ state: 'valid', generation: 3 });
    const mixed = image.subarray(BOOTSTRAP_HEADER_BYTES).slice();
    mixed[100] = mixed[100]! ^ 1;
    expect(classifyBootstrap(header.value, mixed, sha256)).toMatchObject({ state: 'torn' });
    expect(classifyBootstrap(header.value, mixed.subarray(1), sha256)).toMatchObject({ state: 'torn' });
    expect(parseBootstrapHeader(new Uint8Array(46))).toEqual({ ok: true, value: 'blank' });
    expect(parseBootstrapHeader(new Uint8Array(46).fill(0xff))).toEqual({ ok: true, value: 'blank' });
    expect(parseBootstrapHeader(new Uint8Array(10))).toMatchObject({ ok: false });
  });

  it('accepts only DM 2.0 MO serialization JSON as a body', () => {
    expect(() => bootstrapBody('{"not":"an array"}')).toThrow(ProvisioningError);
    expect(() => bootstrapBody('[')).toThrow(/not a DM 2.0 MO serialization/);
    expect(bootstrapBody(bootstrapJson('b', 4096)).length).toBeGreaterThan(4000);
  });

  it('never throws on fuzzed headers', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 60 }), (bytes) => void parseBootstrapHeader(bytes)), { numRuns: 10_000 });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 42, maxLength: 42 }), (rest) => void parseBootstrapHeader(Uint8Array.from([0x44, 0x4d, 0x42, 0x32, ...rest]))),
      { numRuns: 10_000 },
    );
  });
});
