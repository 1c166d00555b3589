/**
 * Maps a profile account's credential policy onto what the cable bootstrap (or a card) can do
 * today — honestly: a policy the flow cannot honour is an issue, never a silent downgrade.
 * Cable: every policy (none, psk of any length, station-key, device-csr). Card: none, psk.
 */
import type { AccountSpec } from '../profile/profile-schema.js';
import { assertNever } from '../util/assert-never.js';
import type { CredentialAction, PlanIssue, PlanPurpose } from './plan-types.js';

/** Default length of the Trsp secret the station derives per device (HKDF-SHA256 output, credentials.ts). */
export const STATION_PSK_BYTES = 32;

/** The action for one account, and an issue when `purpose` cannot honour the policy. */
export function credentialAction(account: AccountSpec, miid: string, index: number, purpose: PlanPurpose): { readonly action: CredentialAction; readonly issue?: PlanIssue } {
  const c = account.credential;
  const serverId = account.serverId;
  const pointer = `/accounts/${index}/credential`;
  switch (c.kind) {
    case 'none':
      return { action: { kind: 'none', serverId, miid } };
    case 'psk':
      // Cable: HKDF-derived per device at the requested length (`trspSecretBytes`); card: the same derivation per ICCID.
      return { action: { kind: 'psk', serverId, miid, lengthBytes: c.lengthBytes, source: 'station-hkdf' } };
    case 'station-key':
      // Cable: the station generates the key, its CA certifies it, the bootstrap delivers both (station-key.ts).
      if (purpose !== 'card') return { action: { kind: 'station-key', serverId, miid, keyType: c.keyType, validityDays: c.validityDays, supported: true } };
      return {
        action: { kind: 'station-key', serverId, miid, keyType: c.keyType, validityDays: c.validityDays, supported: false },
        issue: { code: 'credential-unsupported', pointer: `${pointer}/kind`, message: `account ${serverId}: credential station-key is not supported by the smartcard bootstrap yet; it supports psk and none` },
      };
    case 'device-csr':
      // Cable: the device generates the key (KeyGen MO) in the bootstrap session; the station CA certifies its CSR (device-key.ts).
      if (purpose !== 'card') return { action: { kind: 'device-csr', serverId, miid, keyType: c.keyType, validityDays: c.validityDays, supported: true } };
      return {
        action: { kind: 'device-csr', serverId, miid, keyType: c.keyType, validityDays: c.validityDays, supported: false },
        issue: { code: 'credential-unsupported', pointer: `${pointer}/kind`, message: `account ${serverId}: credential device-csr (a device-generated key certified from its CSR) is not supported by the smartcard bootstrap; it supports psk and none` },
      };
    default:
      return assertNever(c, 'unknown credential policy');
  }
}
