/**
 * The station's credential step sequence as a DM server app (issue #7 points 2 and 3), over one
 * real DM 2.0 session per device:
 *
 * - device key: HGET the KeyGen request (key type, subject, SAN from the device id, AccRef) into
 *   `urn:bootbench:mo:keygen:1.0/<x>/`, EXEC `<x>/Generate`, GET `<x>/` → CSR → `StationCa.issueFromCsr`
 *   (SAN from the device id, EKU clientAuth, validity from the plan) → HGET `Auth/Trsp` (Data only)
 *   and `Ext` (trust anchors) into the DMAcc.
 * - station key: `StationCa.issueWithGeneratedKey` → `deliverStationKey` publishes `Auth/Trsp`
 *   (Data + Secret) and `Ext` for ONE fetch → HGET; the key buffer is zeroed and the publication
 *   dropped as soon as the device has fetched it (or the session closes).
 *
 * Outcomes are reported through `onOutcome`. Side effects (issuance, registry records) happen in
 * `next`, so this app assumes one server process per session (see docs/pki-device-keys.md §8).
 */
import { randomBytes } from 'node:crypto';
import { deliverStationKey } from '../../pki/delivery.js';
import type { SigningCa } from '../../pki/issue.js';
import type { StationCa } from '../../pki/station-ca.js';
import { trustAnchorBundle } from '../../pki/trust-anchors.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { deviceIdToSanUri } from '../../../src-shared/pki/device-id.js';
import type { TrspCredential } from '../../../src-shared/pki/dmacc-credentials.js';
import { KEYGEN_MOID, KEYGEN_ROOT, keygenRequestMoData, parseKeygenReport } from '../../../src-shared/pki/keygen-mo.js';
import type { Random } from '../../../src-shared/ports/clock.js';
import { encodeMoSerialization } from '../../../src-shared/protocol/dm/serialization.js';
import { dm, type AppDecision, type CommandResult, type ServerApp, type ServerEvent, type SessionTurn } from '../../../src-shared/protocol/dm/session/index.js';
import { fromBase64, toBase64 } from '../../../src-shared/util/base64.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { toHex } from '../../../src-shared/util/bytes.js';
import { appStateJson, CredentialAppState, type CredentialOutcome, type CredentialPlan, type CredentialStep, type KeyOrigin } from './credential-plan.js';
import type { CredentialRepository, OneShotPublication } from './credential-repository.js';
import { keySpecOfKeygenType } from './device-keygen.js';
import { credentialMoText, keygenInstanceUri, slashed } from './credential-mo.js';

/** What {@link CredentialApp} needs. */
export interface CredentialAppOptions {
  readonly ca: StationCa;
  /** The unlocked active CA (e.g. `() => store.unlock(protector)`, cached by the caller). */
  readonly signer: () => SigningCa | Promise<SigningCa>;
  /** The repository mounted by the DM server host (`startDmServerHost({ repository })`). */
  readonly repository: CredentialRepository;
  /** Absolute URL of a repository name (`host.repositoryUrl`); read lazily, the host starts after the app. */
  readonly repositoryUrl: (name: string) => string;
  /** The plan for a device, or undefined to end its session at once. */
  readonly planFor: (devId: string) => CredentialPlan | undefined;
  readonly onOutcome?: (outcome: CredentialOutcome) => void;
  /** MIID of the KeyGen instance the station creates. @default 'station' */
  readonly keygenMiid?: string;
  /** Token randomness for repository names. @default node:crypto */
  readonly random?: Random;
  /**
   * Audit/test hook: sees a station-generated credential while it is delivered. The secret buffer
   * is zeroed right after the device fetched it; do not copy it.
   */
  readonly onStationKeyDelivery?: (credential: TrspCredential) => void;
}

const ok = (sc: number): boolean => sc >= 200 && sc < 300;

/** The server app; mount with `startDmServerHost({ app, repository, onEvent: (e) => app.handleEvent(e) })`. */
export class CredentialApp implements ServerApp {
  readonly #o: CredentialAppOptions;
  readonly #deliveries = new Set<Promise<unknown>>();
  /** Per session: how to withdraw what it published (run at its next turn or when it closes). */
  readonly #cleanups = new Map<string, (() => void)[]>();

  constructor(options: CredentialAppOptions) {
    this.#o = options;
  }

  /** Decides the next Package#2 (see the module comment). */
  async next(turn: SessionTurn): Promise<AppDecision> {
    const plan = this.#o.planFor(turn.devId);
    if (plan === undefined) return [];
    if (turn.round === 0) return plan.origin === 'device-key' ? this.#askForCsr(turn, plan) : this.#stationKey(turn, plan);
    const parsed = CredentialAppState.safeParse(turn.appState);
    if (!parsed.success) return [];
    const state = parsed.data;
    switch (state.phase) {
      case 'keygen':
        return this.#afterKeygen(turn, plan, state.keygenPath);
      case 'credential':
        return this.#afterCredential(turn, state);
      default:
        return assertNever(state, 'unknown credential phase');
    }
  }

  /** Revokes what a closed session left published; wire it into the host's `onEvent`. */
  handleEvent(event: ServerEvent): void {
    if (event.kind === 'session-closed') this.#cleanUp(event.sessionId);
  }

  /** Resolves once every station-key delivery has settled (its key buffer wiped); a key not yet fetched waits for its session to close or for {@link CredentialApp.dispose}. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#deliveries]);
  }

  /** Revokes every pending single-use publication. */
  dispose(): void {
    for (const sessionId of [...this.#cleanups.keys()]) this.#cleanUp(sessionId);
  }

  #cleanUp(sessionId: string): void {
    const list = this.#cleanups.get(sessionId) ?? [];
    this.#cleanups.delete(sessionId);
    for (const f of list) f();
  }

  #onCleanUp(sessionId: string, f: () => void): void {
    this.#cleanups.set(sessionId, [...(this.#cleanups.get(sessionId) ?? []), f]);
  }

  #token(): string {
    return toHex(this.#o.random?.bytes(16) ?? new Uint8Array(randomBytes(16)));
  }

  #location(kind: string): { readonly url: string; readonly path: string } {
    const url = this.#o.repositoryUrl(`${kind}/${this.#token()}`);
    return { url, path: new URL(url).pathname };
  }

  #refuse(turn: SessionTurn, origin: KeyOrigin, step: CredentialStep, detail: string, sc?: number): AppDecision {
    this.#o.onOutcome?.({ kind: 'refused', devId: turn.devId, origin, step, detail, ...(sc === undefined ? {} : { sc }) });
    return [];
  }

  #context(plan: CredentialPlan) {
    return {
      request: { deviceIds: [plan.deviceId], validityDays: plan.validityDays, ...(plan.subject === undefined ? {} : { subject: plan.subject }) },
      ...(plan.profileVersion === undefined ? {} : { profileVersion: plan.profileVersion }),
    };
  }

  #askForCsr(turn: SessionTurn, plan: CredentialPlan): AppDecision {
    let san: string;
    try {
      san = deviceIdToSanUri(plan.deviceId);
    } catch (error) {
      return this.#refuse(turn, plan.origin, 'issue', error instanceof Error ? error.message : 'bad device id');
    }
    const instance = keygenInstanceUri(this.#o.keygenMiid ?? 'station');
    const where = this.#location('keygen');
    const request = keygenRequestMoData({ keyType: plan.keyType ?? 'EC-P256', subject: plan.subject ?? `CN=${plan.deviceId}`, subjectAltName: san, accountRef: slashed(plan.accountUri) });
    // `Generate` (null, Exec) must exist for EXEC to resolve; the client engine does not add DDF
    // permanent nodes by itself, so the request carries it.
    const moData = { [KEYGEN_ROOT]: { ...request[KEYGEN_ROOT], Generate: null } };
    this.#o.repository.publish(where.path, JSON.stringify([{ ClientURI: instance, MOData: moData }]));
    this.#onCleanUp(turn.sessionId, () => this.#o.repository.unpublish(where.path));
    return { commands: [dm.hget(where.url, instance), dm.exec(`${instance}Generate`), dm.get(instance)], appState: appStateJson({ phase: 'keygen', keygenPath: where.path }) };
  }

  async #afterKeygen(turn: SessionTurn, plan: CredentialPlan, keygenPath: string): Promise<AppDecision> {
    this.#cleanUp(turn.sessionId);
    this.#o.repository.unpublish(keygenPath);
    const failed = turn.results.find((r) => !ok(r.sc));
    if (failed !== undefined) return this.#refuse(turn, plan.origin, 'keygen', `${failed.command.name} answered ${failed.sc}`, failed.sc);
    const report = parseKeygenReport(keygenMoData(turn.results));
    if (report.status !== 'csr') {
      const detail = report.status === 'pending' ? 'device has not finished generating' : report.detail;
      return this.#refuse(turn, plan.origin, 'keygen', detail);
    }
    try {
      const signer = await this.#o.signer();
      const { certificate } = await this.#o.ca.issueFromCsr(signer, report.csrDer, this.#context(plan));
      const bundle = await trustAnchorBundle(this.#o.ca.store);
      const where = this.#location('credential');
      this.#o.repository.publish(where.path, credentialMoText(plan.accountUri, { data: certificate.der, secret: null }, bundle.moData));
      this.#onCleanUp(turn.sessionId, () => this.#o.repository.unpublish(where.path));
      return {
        commands: [dm.hget(where.url, `${slashed(plan.accountUri)}Auth/Trsp`, `${slashed(plan.accountUri)}Ext`)],
        appState: appStateJson({ phase: 'credential', origin: 'device-key', path: where.path, certificate: toBase64(certificate.der), serialHex: certificate.serialHex, anchors: bundle.anchors.length }),
      };
    } catch (error) {
      return this.#refuse(turn, plan.origin, 'issue', reasonOf(error));
    }
  }

  async #stationKey(turn: SessionTurn, plan: CredentialPlan): Promise<AppDecision> {
    try {
      const signer = await this.#o.signer();
      const { certificate, keys } = await this.#o.ca.issueWithGeneratedKey(signer, keySpecOfKeygenType(plan.keyType ?? 'EC-P256'), this.#context(plan));
      const bundle = await trustAnchorBundle(this.#o.ca.store);
      const where = this.#location('credential');
      let publication: OneShotPublication | undefined;
      // deliverStationKey calls `send` synchronously: the publication exists when this returns.
      const delivery = deliverStationKey(certificate.der, keys.privateKey, async (credential) => {
        publication = this.#o.repository.publishOnce(where.path, credentialMoText(plan.accountUri, credential, bundle.moData));
        this.#o.onStationKeyDelivery?.(credential);
        return publication.served;
      });
      this.#deliveries.add(delivery);
      void delivery.finally(() => this.#deliveries.delete(delivery)).catch(() => undefined);
      const published = publication;
      if (published !== undefined) this.#onCleanUp(turn.sessionId, () => published.revoke());
      return {
        commands: [dm.hget(where.url, `${slashed(plan.accountUri)}Auth/Trsp`, `${slashed(plan.accountUri)}Ext`)],
        appState: appStateJson({ phase: 'credential', origin: 'station-key', path: where.path, certificate: toBase64(certificate.der), serialHex: certificate.serialHex, anchors: bundle.anchors.length }),
      };
    } catch (error) {
      return this.#refuse(turn, plan.origin, 'issue', reasonOf(error));
    }
  }

  #afterCredential(turn: SessionTurn, state: Extract<CredentialAppState, { phase: 'credential' }>): AppDecision {
    const plan = { origin: state.origin };
    this.#cleanUp(turn.sessionId);
    this.#o.repository.unpublish(state.path);
    const hget = turn.results.find((r) => r.command.name === 'HGET');
    if (hget === undefined || !ok(hget.sc)) return this.#refuse(turn, plan.origin, 'deliver', `HGET of the credential answered ${hget?.sc ?? 'nothing'}`, hget?.sc);
    const der = fromBase64(state.certificate);
    if (der === undefined) return this.#refuse(turn, plan.origin, 'deliver', 'app state lost the certificate');
    this.#o.onOutcome?.({ kind: 'issued', devId: turn.devId, origin: state.origin, certificateDer: der, serialHex: state.serialHex, anchors: state.anchors });
    return [];
  }
}

function keygenMoData(results: readonly CommandResult[]): unknown {
  const get = results.find((r) => r.command.name === 'GET');
  const entry = get?.data.find((e) => e.clientUri.moid === KEYGEN_MOID);
  if (entry === undefined) return undefined;
  const json: unknown = JSON.parse(encodeMoSerialization([entry]));
  return Array.isArray(json) ? (json[0] as { MOData?: unknown } | undefined)?.MOData : undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof ProvisioningError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : 'unexpected failure';
}
