import { describe, expect, it } from 'vitest';
import { certificateVerifier, stationCaSigner } from '../../../src-main/audit/station-signer.js';
import { createCaCertificate } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, type KeySpec } from '../../../src-main/pki/keys.js';

async function ca(spec: KeySpec) {
  const keys = await generateKeyPairFor(spec);
  return { certDer: createCaCertificate(keys, `CN=${spec}`, 30, Date.now()), privateKey: keys.privateKey };
}

describe('station signer', () => {
  it.each(['ec-p256', 'rsa-2048'] as const)('signs with a %s CA key and verifies against its certificate only', async (spec) => {
    const [mine, other] = [await ca(spec), await ca('ec-p256')];
    const signer = stationCaSigner(mine);
    const message = new TextEncoder().encode('checkpoint');
    const sig = Buffer.from(signer.sign(message)).toString('hex');
    expect(signer.id).toMatch(/^[0-9a-f]{64}$/);
    const verify = certificateVerifier([other.certDer, mine.certDer]);
    expect(verify(message, sig, signer.id)).toBe(true);
    expect(verify(new TextEncoder().encode('checkpoinT'), sig, signer.id)).toBe(false);
    expect(verify(message, sig, stationCaSigner(other).id)).toBe(false);
    expect(certificateVerifier([other.certDer])(message, sig, signer.id)).toBe(false);
  });

  it('refuses malformed signatures without throwing', async () => {
    const mine = await ca('ec-p256');
    const verify = certificateVerifier([mine.certDer]);
    const id = stationCaSigner(mine).id;
    for (const bad of ['', 'zz', 'abc', '00'.repeat(3)]) expect(verify(new Uint8Array([1]), bad, id)).toBe(false);
  });
});
