/**
 * Types of the plan compiler (issue #8 item 2): what a station profile plus one device's facts
 * turn into — the bootstrap description, the DM 2.0 commands, the MO documents and card content.
 */
import type { BootstrapSpec } from '../bootstrap/bootstrap-spec.js';
import type { Publication } from '../bootstrap/bootstrap-plan.js';
import type { DmCommand } from '../protocol/dm/packages/commands.js';
import type { MoEntryJson } from '../protocol/mo/mo-entry.js';

/** What the station knows about the device (or card) in front of it. */
export interface PlanDeviceFacts {
  readonly imei?: string;
  readonly imsi?: string;
  readonly iccid?: string;
  readonly model?: string;
  readonly usb?: { readonly vid: string; readonly pid: string };
  /** The card's ATR bytes (smartcard profiles). */
  readonly atr?: Uint8Array;
}

/** Per-device values allocated by the station before compiling (storage counters, CSV row). */
export interface PlanVariables {
  /** The allocated serial (storage `allocate('serial')`), for `{serial}`. */
  readonly serial?: string;
  /** Counter index (0-based, unique across stations) by counter name, for `{counter:NAME}`. */
  readonly counters?: Readonly<Record<string, number>>;
  /** The device's CSV row, for `{csv:COLUMN}`. */
  readonly csv?: Readonly<Record<string, string>>;
}

/** Device identity plus allocated variables. */
export interface PlanFacts {
  readonly device: PlanDeviceFacts;
  readonly variables: PlanVariables;
}

/** What the plan is compiled for: a cable bootstrap, a smartcard write, or a preview. */
export type PlanPurpose = 'cable' | 'card' | 'preview';

/** Everything the pure compiler needs from outside. */
export interface PlanDeps {
  readonly purpose: PlanPurpose;
  /** DER certificates of the station CA's anchor bundle (for `ref: station-ca`). */
  readonly stationAnchors?: readonly Uint8Array[];
  /**
   * The PSK of a card account (`lengthBytes` bytes for `serverId` on the card `cardId`). The
   * station derives it from its credential key so the DM server can derive the same secret.
   */
  readonly cardSecret?: (serverId: string, cardId: string, lengthBytes: number) => Uint8Array;
  /** SHA-256 for the card image header. */
  readonly sha256?: (data: Uint8Array) => Uint8Array;
}

/** One reason a plan cannot be compiled, located in the profile by JSON pointer where possible. */
export interface PlanIssue {
  readonly code: 'target-mismatch' | 'template' | 'credential-unsupported' | 'trust-anchor' | 'smartcard' | 'invalid-spec';
  readonly pointer: string;
  readonly message: string;
}

/** How one account's client credential is produced. */
export type CredentialAction =
  | { readonly kind: 'none'; readonly serverId: string; readonly miid: string }
  /** The station derives the Trsp secret per device (HKDF, `issueTrspSecret`, `lengthBytes` long). */
  | { readonly kind: 'psk'; readonly serverId: string; readonly miid: string; readonly lengthBytes: number; readonly source: 'station-hkdf' }
  /** The device makes a key and a CSR (KeyGen MO); the station CA certifies it (cable only). */
  | { readonly kind: 'device-csr'; readonly serverId: string; readonly miid: string; readonly keyType: string; readonly validityDays: number; readonly supported: boolean }
  /** The station makes the key, its CA certifies it, the bootstrap delivers both (cable only). */
  | { readonly kind: 'station-key'; readonly serverId: string; readonly miid: string; readonly keyType: string; readonly validityDays: number; readonly supported: boolean };

/** A command of the bootstrap Package#2 in printable form. */
export interface PlanCommandSummary {
  readonly name: string;
  readonly url: string;
}

/** EF(DM_Bootstrap) content for the card. */
export interface CardContent {
  /** The MO serialization JSON written to the card (holds secrets: never print it unmasked). */
  readonly json: string;
  /** The EF body bytes (UTF-8 of `json`, validated by the card module's encoder). */
  readonly body: Uint8Array;
  /** serverIds of the accounts on the card. */
  readonly serverIds: readonly string[];
}

/** The compiled plan for one device. */
export interface Plan {
  readonly profileId: string;
  readonly profileVersion: string;
  readonly purpose: PlanPurpose;
  /** The exact bootstrap description the cable bootstrap runs. */
  readonly bootstrapSpec: BootstrapSpec;
  /** The DM 2.0 commands the station sends in the bootstrap session (from `planBootstrap`). */
  readonly commands: readonly DmCommand[];
  /** The same commands in printable form. */
  readonly commandSummary: readonly PlanCommandSummary[];
  /** The MO serializations the station publishes (path and entries). */
  readonly moDocuments: readonly Publication[];
  /** Every entry of `moDocuments`, flattened, in send order. */
  readonly entries: readonly MoEntryJson[];
  /** Instances the device holds afterwards, `<MOID>/<MIID>`. */
  readonly instances: readonly string[];
  readonly credentialActions: readonly CredentialAction[];
  /** Card content, for profiles with a smartcard section (card and preview purposes). */
  readonly cardContent?: CardContent;
  /** Problems that do not stop this purpose but would stop another (e.g. a preview of a CSR profile). */
  readonly warnings: readonly PlanIssue[];
}
