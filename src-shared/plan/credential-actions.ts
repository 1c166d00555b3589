/**
 * Maps a profile account's credential policy onto what the cable bootstrap (or a card) can do
 * today — honestly: a policy the flow cannot honour is an issue, never a silent downgrade.
 */
import type { AccountSpec } from '../profile/profile-schema.js';
import { assertNever } from '../util/assert-never.js';
import type { CredentialAction, PlanIssue, PlanPurpose } from './plan-types.js';

/** Length of the Trsp secret the station derives per device (HKDF-SHA256 output, credentials.ts). */
export const STATION_PSK_BYTES = 32;

/** The action for one account, and an issue when `purpose` cannot honour the policy. */
export function credentialAction(account: AccountSpec, miid: string, index: number, purpose: PlanPurpose): { readonly action: CredentialAction; readonly issue?: PlanIssue } {
  const c = account.credential;
  const serverId = account.serverId;
  const pointer = `/accounts/${index}/credential`;
  switch (c.kind) {
    case 'none':
      return { action: { kind: 'none', serverId, miid } };
    case 'psk': {
      if (purpose === 'card') return { action: { kind: 'psk', serverId, miid, lengthBytes: c.lengthBytes, source: 'station-hkdf' } };
      const action: CredentialAction = { kind: 'psk', serverId, miid, lengthBytes: STATION_PSK_BYTES, source: 'station-hkdf' };
      if (c.lengthBytes === STATION_PSK_BYTES) return { action };
      return {
        action,
        issue: { code: 'credential-unsupported', pointer: `${pointer}/lengthBytes`, message: `account ${serverId}: the cable bootstrap derives ${STATION_PSK_BYTES}-byte PSKs (HKDF); lengthBytes ${c.lengthBytes} cannot be honoured yet` },
      };
    }
    case 'device-csr':
    case 'station-key': {
      const how = c.kind === 'device-csr' ? 'a device-generated key certified from its CSR' : 'a station-generated key delivered to the device';
      return {
        action: { kind: c.kind, serverId, miid, keyType: c.keyType, validityDays: c.validityDays, supported: false },
        issue: { code: 'credential-unsupported', pointer: `${pointer}/kind`, message: `account ${serverId}: credential ${c.kind} (${how}) is not supported by the ${purpose === 'card' ? 'smartcard' : 'cable'} bootstrap yet; it supports psk (station-derived 32-byte secret) and none` },
      };
    }
    default:
      return assertNever(c, 'unknown credential policy');
  }
}
