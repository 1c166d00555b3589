/**
 * What the station wants a device's transport credential to be (the caller's plan), what came of
 * it (an outcome value: a device's "no" is data), and the per-session app state kept as JSON.
 */
import { z } from 'zod';
import type { KeygenKeyType } from '../../../src-shared/pki/keygen-mo.js';
import type { JsonValue } from '../../../src-shared/protocol/dm/session/index.js';

/** Who generates the device's key. */
export type KeyOrigin = 'device-key' | 'station-key';

/** The credential one device should receive in its next session with this server. */
export interface CredentialPlan {
  readonly origin: KeyOrigin;
  /** The device id for the SAN: 15-digit IMEI, `IMEI:…`, `urn:imei:…` or another URN. */
  readonly deviceId: string;
  /** ClientURI of the DMAcc instance to write, e.g. `urn:oma:mo:oma-dm-dmacc:1.2/acc1/`. */
  readonly accountUri: string;
  /** Key type; device keys use the KeyGen names, station keys map to the same. @default 'EC-P256' */
  readonly keyType?: KeygenKeyType;
  /** Certificate validity from the profile. */
  readonly validityDays: number;
  /** Subject DN text. @default `CN=<device id>` */
  readonly subject?: string;
  /** Profile version recorded in the issued registry. */
  readonly profileVersion?: string;
}

/** A step of the credential sequence (where a refusal happened). */
export type CredentialStep = 'keygen' | 'issue' | 'deliver';

/** How one device's credential provisioning ended. */
export type CredentialOutcome =
  | {
      readonly kind: 'issued';
      readonly devId: string;
      readonly origin: KeyOrigin;
      readonly certificateDer: Uint8Array;
      readonly serialHex: string;
      /** Trust anchors written into `Ext/Bootbench/TrustAnchors`. */
      readonly anchors: number;
    }
  | {
      readonly kind: 'refused';
      readonly devId: string;
      readonly origin: KeyOrigin;
      readonly step: CredentialStep;
      readonly detail: string;
      /** DM status of the refused command, when a device answered one. */
      readonly sc?: number;
    };

/** The app's per-session state (plain JSON in the session store). */
export const CredentialAppState = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('keygen'), keygenPath: z.string() }),
  z.object({ phase: z.literal('credential'), origin: z.enum(['device-key', 'station-key']), path: z.string(), certificate: z.string(), serialHex: z.string(), anchors: z.number().int() }),
]);
/** The app's per-session state. */
export type CredentialAppState = z.output<typeof CredentialAppState>;

/** Returns app state as the JSON the session store keeps. */
export function appStateJson(state: CredentialAppState): JsonValue {
  return state;
}
