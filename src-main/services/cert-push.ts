/**
 * Certificate push (issue #9 item 4): issue a certificate for a connected handset and write it into
 * the device's management tree — `DMAcc/<x>/Auth/Trsp/{Data,Secret}` and the station's trust
 * anchors in `DMAcc/<x>/Ext/Bootbench/TrustAnchors` (docs/pki-device-keys.md §3, §4, §8.2) — in
 * one DM session. The credential sequence is the existing `CredentialApp` (station-generated key:
 * issued with the unlocked CA, delivered once, the key buffer wiped when the device has fetched it);
 * how a session reaches the device is a {@link DevicePush} (the cable one: cert-push-cable.ts).
 */
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { DeviceId } from '../../src-shared/domain/device.js';
import type { IssuedRecord } from '../../src-shared/pki/registry-record.js';
import type { ServerApp, ServerEvent } from '../../src-shared/protocol/dm/session/index.js';
import { STANDARD_MOIDS } from '../../src-shared/protocol/dm/mo-ids.js';
import { CredentialApp } from '../provisioning/credentials/credential-app.js';
import type { CredentialOutcome } from '../provisioning/credentials/credential-plan.js';
import { CredentialRepository } from '../provisioning/credentials/credential-repository.js';
import type { SigningCa } from '../pki/issue.js';
import type { StationCa } from '../pki/station-ca.js';

/** Steps of a push, in order (`failed` ends one early). */
export type PushStep = 'line-open' | 'identified' | 'link-up' | 'session' | 'issued' | 'delivered' | 'done' | 'failed';

/** What a {@link DevicePush} runs: one server-initiated DM session whose commands come from `app`. */
export interface PushSession {
  readonly deviceId: DeviceId;
  /** Decides the session's Package#2s (the credential sequence). */
  readonly app: ServerApp;
  /** The repository the app publishes into (served to the device beside the DM entry point). */
  readonly repository: CredentialRepository;
  /** Server events of the session (the app withdraws its publications on close). */
  readonly onEvent: (event: ServerEvent) => void;
  readonly onStep: (step: PushStep, detail?: string) => void;
  readonly signal: AbortSignal;
}

/** How the station gets one DM session to a connected device. */
export interface DevicePush {
  /** Absolute URL of a repository name as the device reaches it. */
  repositoryUrl(name: string): string;
  /**
   * Opens the device's line, runs one server-initiated session with `session.app` and closes the
   * line; resolves with the device's IMEI once that session closed after END.
   */
  run(session: PushSession): Promise<{ readonly imei: string }>;
}

/** What a push needs from the station. */
export interface CertPushDeps {
  readonly push: DevicePush;
  /** The station CA and its unlocked signer (`AUTH_FAILED` while locked). */
  readonly unlockedCa: () => Promise<{ readonly ca: StationCa; readonly signer: SigningCa }>;
  readonly onStep?: (deviceId: DeviceId, step: PushStep, detail?: string) => void;
}

/** The result of a push. */
export interface CertPushResult {
  readonly deviceId: DeviceId;
  readonly accountUri: string;
  readonly record: IssuedRecord;
  readonly anchors: number;
  readonly durationMs: number;
}

const MIID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Issues and pushes a station-generated certificate into one DMAcc instance of a connected device. */
export async function pushCertificate(deps: CertPushDeps, request: { readonly deviceId: DeviceId; readonly account: string; readonly validityDays: number }, signal: AbortSignal): Promise<CertPushResult> {
  if (!MIID.test(request.account)) throw new ProvisioningError('INVALID_REQUEST', 'account must be a DMAcc instance name (MIID)');
  const started = performance.now();
  const { ca, signer } = await deps.unlockedCa();
  const accountUri = `${STANDARD_MOIDS.dmAcc}/${request.account}/`;
  const step = (s: PushStep, detail?: string): void => deps.onStep?.(request.deviceId, s, detail);
  let imei: string | undefined;
  let outcome: CredentialOutcome | undefined;
  const repository = new CredentialRepository();
  const app = new CredentialApp({
    ca,
    signer: () => signer,
    repository,
    repositoryUrl: (name) => deps.push.repositoryUrl(name),
    // The session is this push's own: its device is the one on the line.
    planFor: () => (imei === undefined ? undefined : { origin: 'station-key', deviceId: imei, accountUri, validityDays: request.validityDays }),
    onOutcome: (o) => {
      outcome = o;
      step(o.kind === 'issued' ? 'delivered' : 'failed', o.kind === 'issued' ? `serial ${o.serialHex}` : `${o.step}: ${o.detail}`);
    },
    onStationKeyDelivery: () => step('issued'),
  });
  // Only the push's server-initiated session gets the credential sequence; any other session (a
  // handset's pending BootstrapComplete) is answered with END.
  const gated: ServerApp = {
    next: (turn) => {
      if (turn.trigger !== 'server-initiated') return [];
      if (turn.round === 0) step('session');
      return app.next(turn);
    },
  };
  try {
    ({ imei } = await deps.push.run({
      deviceId: request.deviceId,
      app: { next: (turn) => gated.next(turn) },
      repository,
      onEvent: (e) => app.handleEvent(e),
      onStep: (s, d) => {
        if (s === 'identified') imei = d;
        step(s, s === 'identified' ? undefined : d);
      },
      signal,
    }));
  } finally {
    app.dispose();
    await app.settled();
  }
  if (outcome === undefined) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device ended the session before the certificate was delivered', { retryable: true });
  if (outcome.kind === 'refused') throw new ProvisioningError('PROTOCOL_VIOLATION', `the device refused the certificate (${outcome.step}${outcome.sc === undefined ? '' : `, status ${outcome.sc}`}): ${outcome.detail}`, { details: { step: outcome.step } });
  const issued = outcome;
  const record = (await ca.store.registry.list()).find((r) => r.serialHex === issued.serialHex);
  if (record === undefined) throw new ProvisioningError('INTERNAL', `issued certificate ${issued.serialHex} is not in the registry`);
  step('done', `${imei ?? ''} ${accountUri}`.trim());
  return { deviceId: request.deviceId, accountUri, record, anchors: issued.anchors, durationMs: performance.now() - started };
}
