import { readFileSync } from 'node:fs';
import { parseProfileText } from '../../../src-main/profile/profile-file.js';
import type { Profile } from '../../../src-shared/profile/profile-schema.js';

/** A sample profile from assets/profiles, validated (throws when invalid: a test setup error). */
export function sampleProfile(name: 'factory-handset' | 'field-modem' | 'retail-sim'): Profile {
  const file = new URL(`../../../assets/profiles/${name}.yaml`, import.meta.url);
  const loaded = parseProfileText(readFileSync(file, 'utf8'), name);
  if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.issues)}`);
  return loaded.profile;
}

/** A fake DER certificate (the spec only checks base64; these bytes stand for the station CA). */
export const STATION_DER = Uint8Array.of(0x30, 0x82, 0x01, 0x0a, 1, 2, 3, 4, 5, 6);

/** A deterministic stand-in for the station's card-secret derivation. */
export const fixedSecret = (serverId: string, cardId: string, n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + serverId.length + cardId.length) & 0xff);
