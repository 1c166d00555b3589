import type { KeyObject } from 'node:crypto';
import { trspMoData, wipe, type TrspCredential, type TrspMoData } from '../../src-shared/pki/dmacc-credentials.js';
import { pkcs8Der } from './keys.js';

/**
 * Delivers a station-generated key into `DMAcc/<x>/Auth/Trsp/{Data,Secret}` and wipes it.
 *
 * `send` receives the credential bytes and the ready MOData subtree (dm2-digest §7.2, §11.1) and
 * must resolve once the device has them (e.g. the HGET of the DMAcc instance completed). Whether it
 * resolves or throws, every key buffer this function created is zeroed before it returns, and the
 * credential object handed to `send` is unusable afterwards.
 *
 * Limits (documented in docs/pki-device-keys.md): the KeyObject itself lives in OpenSSL memory until
 * garbage collection, and the base64 strings inside the MOData cannot be wiped (JS strings are
 * immutable); the session must drop them right after sending.
 */
export async function deliverStationKey<T>(certificateDer: Uint8Array, privateKey: KeyObject, send: (credential: TrspCredential, moData: TrspMoData) => Promise<T>): Promise<T> {
  const secret = pkcs8Der(privateKey);
  const credential: TrspCredential = { data: certificateDer, secret };
  try {
    return await send(credential, trspMoData(credential));
  } finally {
    wipe(secret);
  }
}
