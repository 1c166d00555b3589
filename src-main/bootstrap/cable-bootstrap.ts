import { createHash } from 'node:crypto';
import { planBootstrap, planKeygen, withoutTrspSecret } from '../../src-shared/bootstrap/bootstrap-plan.js';
import { withIssuedCredentials, type BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import type { DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import { devIdOf } from '../../src-shared/bootstrap/factory-tree.js';
import { ProvisioningError, type SerializedError } from '../../src-shared/errors/provisioning-error.js';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { LinkTimers } from '../../src-shared/link/link-types.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { ServerEvent } from '../../src-shared/protocol/dm/session/index.js';
import { readBootstrapState, wakeAndIdentify } from './at-identify.js';
import { AtDriver } from '../transports/at-driver.js';
import { LinkDriver } from '../transports/link-driver.js';
import { issueCredentials } from './credentials.js';
import { issueStationKeys, type CableCa } from './station-key.js';
import { BootstrapJournal, type BootstrapStep } from './journal.js';
import { serveOverLink } from './link-http.js';
import { createStationServer, type StagedKeygen } from './station-server.js';
import { certifyDeviceKeys } from './device-key.js';
import { nodeRandom } from '../platform/node-ports.js';

/** Progress of a cable bootstrap, in order. */
export type BootstrapProgress =
  | { readonly kind: 'identified'; readonly devId: string; readonly imsi?: string; readonly iccid?: string; readonly deviceState: DeviceBootstrapState }
  | { readonly kind: 'step'; readonly step: BootstrapStep; readonly atMs: number };

/** How a cable bootstrap ended. A device that said no and a lost cable are results, not exceptions. */
export type CableBootstrapResult =
  | { readonly kind: 'completed'; readonly devId: string; readonly resumed: boolean; readonly instances: readonly string[]; readonly durationMs: number; readonly attempt: number; readonly credentials: readonly CredentialFingerprint[] }
  | { readonly kind: 'refused'; readonly devId: string; readonly statuses: readonly number[]; readonly durationMs: number }
  | { readonly kind: 'failed'; readonly devId: string | undefined; readonly error: SerializedError; readonly stage: string; readonly failedAtEpochMs: number; readonly durationMs: number };

/** A credential the station issued to the device (from its journal): never the secret, only its fingerprint. */
export interface CredentialFingerprint {
  readonly miid: string;
  /** `psk`: 16 hex digits over the derived secret; `certificate`: SHA-256 of the certificate DER (64 hex). */
  readonly kind: 'psk' | 'certificate';
  readonly fingerprint: string;
  readonly serialHex?: string;
}

/** Every credential a journal says was issued to its device. */
export function journalFingerprints(record: BootstrapJournal['record']): CredentialFingerprint[] {
  return [...record.credentials.map((c) => ({ miid: c.miid, kind: 'psk' as const, fingerprint: c.fingerprint })), ...record.certificates.map((c) => ({ miid: c.miid, kind: 'certificate' as const, fingerprint: c.fingerprint, serialHex: c.serialHex }))];
}

/** Options of {@link runCableBootstrap}. */
export interface CableBootstrapOptions {
  /** The station's end of the line, open (closed by this function when it returns). */
  readonly channel: ByteChannel;
  readonly spec: BootstrapSpec;
  /** Directory of the per-device journals. */
  readonly journalDir: string;
  readonly onProgress?: (progress: BootstrapProgress) => void;
  /** Gives up after this long. @default 60_000 */
  readonly timeoutMs?: number;
  readonly linkTimers?: Partial<LinkTimers>;
  /** Station key for credentials the description asks the station to issue (≥ 32 bytes; never stored). */
  readonly credentialKey?: Uint8Array;
  /** Timeout of each AT command. @default 2000 */
  readonly atTimeoutMs?: number;
  /** The station CA, for accounts with `issueCertificate` (the `station-key` policy). */
  readonly cableCa?: CableCa;
  /** Profile version recorded with issued certificates in the CA registry. */
  readonly profileVersion?: string;
}

/**
 * Link timers for a cable: the round trip is a few milliseconds, so the first retransmission
 * (before any RTT sample, e.g. a HELLO lost while the port settles) need not wait the default 1 s.
 */
export const CABLE_LINK_TIMERS: Partial<LinkTimers> = { initialRtoMs: 200 };

const epochNow = (): number => performance.timeOrigin + performance.now();
const failure = (code: ProvisioningError['code'], message: string): ProvisioningError => new ProvisioningError(code, message, { retryable: true });

async function atStage(channel: ByteChannel, timeoutMs: number): Promise<{ devId: string; imsi?: string; iccid?: string; state: DeviceBootstrapState }> {
  const at = new AtDriver(channel, { defaultTimeoutMs: timeoutMs, settleAfterTimeoutMs: 30 });
  try {
    const identity = await wakeAndIdentify(at, timeoutMs);
    const state = await readBootstrapState(at, timeoutMs);
    const link = await at.send('AT+BBLINK', { timeoutMs });
    if (link.status !== 'final' || link.final.kind !== 'ok') throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device refused to switch to the Bootbench link (AT+BBLINK)');
    return { devId: devIdOf(identity.imei), state, ...(identity.imsi === undefined ? {} : { imsi: identity.imsi }), ...(identity.iccid === undefined ? {} : { iccid: identity.iccid }) };
  } finally {
    at.dispose();
  }
}

/**
 * Bootstraps the DM 2.0 handset at the end of a line (docs/cable-bootstrap.md): AT identity and
 * bootstrap state, switch to the link, Package#0 from the embedded bootstrap server, the
 * bootstrap session (HGET of accounts, trust anchors, configuration, rights; END), then the
 * device's `BootstrapComplete` session. A device already bootstrapped is not bootstrapped again:
 * the station only waits for its `BootstrapComplete`.
 */
export async function runCableBootstrap(o: CableBootstrapOptions): Promise<CableBootstrapResult> {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  let devId: string | undefined;
  let stage = 'identify';
  let link: LinkDriver | undefined;
  let timer: NodeJS.Timeout | undefined;
  let opened: BootstrapJournal | undefined;
  let wipes: (() => void) | undefined;
  try {
    const id = await atStage(o.channel, o.atTimeoutMs ?? 2000);
    devId = id.devId;
    o.onProgress?.({ kind: 'identified', devId: id.devId, deviceState: id.state, ...(id.imsi === undefined ? {} : { imsi: id.imsi }), ...(id.iccid === undefined ? {} : { iccid: id.iccid }) });
    const journal = await BootstrapJournal.open(o.journalDir, id.devId);
    opened = journal;
    // Progress is reported when a step is reached; its journal write follows (chained). Whatever
    // must be durable first (credentials, the final result) waits for the journal explicitly.
    const step = (s: BootstrapStep): Promise<void> => {
      const atMs = Date.now();
      o.onProgress?.({ kind: 'step', step: s, atMs });
      return journal.append(s, atMs);
    };
    step('identified').catch(() => undefined); // a failed write surfaces at the next awaited one
    const resumed = journal.record.attempts > 1;
    if (id.state === 'complete') {
      if (!journal.record.done) await step('bootstrap-complete');
      return { kind: 'completed', devId: id.devId, resumed, instances: planBootstrap(o.spec).instances, durationMs: elapsed(), attempt: journal.record.attempts, credentials: journalFingerprints(journal.record) };
    }
    stage = 'credentials';
    const credentials = issueCredentials(o.spec, id.devId, o.credentialKey);
    for (const c of credentials.fingerprints) {
      const before = journal.credential(c.miid);
      if (before !== undefined && before !== c.fingerprint) {
        throw new ProvisioningError('INVALID_REQUEST', `a different credential was already issued to ${id.devId} for account ${c.miid}; use the station key it was issued with`, { details: { miid: c.miid } });
      }
      if (before === undefined) {
        await journal.recordCredential(c.miid, c.fingerprint, Date.now());
        o.onProgress?.({ kind: 'step', step: 'credential-issued', atMs: Date.now() });
      }
    }
    const stationKeys = await issueStationKeys(o.spec, id.devId, journal, { ...(o.cableCa === undefined ? {} : { cableCa: o.cableCa }), ...(o.credentialKey === undefined ? {} : { credentialKey: o.credentialKey }), ...(o.profileVersion === undefined ? {} : { profileVersion: o.profileVersion }) });
    for (const c of stationKeys.certificates) if (!c.reused) o.onProgress?.({ kind: 'step', step: 'credential-issued', atMs: Date.now() });
    // Device-held keys: a KeyGen round comes first, the bootstrap proper once the CSRs are certified;
    // accounts certified by an earlier attempt get their journalled certificate without a new key.
    const deviceKeyMiids = o.spec.accounts.filter((a) => a.issueCertificate?.keySource === 'device').map((a) => a.miid);
    const certifiedBefore = deviceKeyMiids.filter((m) => journal.certificate(m) !== undefined);
    const keygenStage = id.state === 'factory' ? planKeygen(o.spec, id.devId, certifiedBefore) : undefined;
    const deviceCerts = id.state === 'factory' && keygenStage === undefined && deviceKeyMiids.length > 0 ? await certifyDeviceKeys(o.spec, id.devId, journal, [], { ...(o.cableCa === undefined ? {} : { cableCa: o.cableCa }) }) : undefined;
    const issued = [...credentials.issued, ...stationKeys.issued];
    const plan = withoutTrspSecret(planBootstrap(withIssuedCredentials(o.spec, [...issued, ...(deviceCerts?.issued ?? [])], credentials.noti)), deviceKeyMiids);
    // The plan's publications hold the keys as text; the issued buffers are not needed after it is built.
    const wipe = (): void => stationKeys.issued.forEach((c) => c.secret.fill(0));
    if (keygenStage === undefined) wipe();
    wipes = wipe;
    stage = 'link';
    const endpoint = createLinkEndpoint({ role: 'station', identity: {}, random: nodeRandom, timers: { ...CABLE_LINK_TIMERS, ...o.linkTimers } });
    const driver = new LinkDriver({ channel: o.channel, endpoint });
    link = driver;
    let refused: readonly number[] | undefined;
    let bootstrapSession: string | undefined;
    let notified = false;
    const done = new Promise<'complete' | 'refused'>((resolve, reject) => {
      const onServerEvent = (e: ServerEvent): void => {
        if (e.kind === 'session-opened' && e.trigger === 'server-initiated') bootstrapSession = e.sessionId;
        if (e.kind === 'session-opened' && e.trigger === 'bootstrap-complete') stage = 'bootstrap-complete';
        if (e.kind === 'session-closed' && e.reason.kind === 'completed') {
          if (e.sessionId === bootstrapSession) void step('bootstrap-ended').catch(reject);
          else if (stage === 'bootstrap-complete') step('bootstrap-complete').then(() => resolve('complete'), reject);
        }
      };
      const keygen: StagedKeygen | undefined =
        keygenStage === undefined
          ? undefined
          : {
              stage: keygenStage,
              afterKeygen: async (results) => {
                try {
                  stage = 'credentials';
                  const certified = await certifyDeviceKeys(o.spec, id.devId, journal, results, { ...(o.cableCa === undefined ? {} : { cableCa: o.cableCa }), ...(o.profileVersion === undefined ? {} : { profileVersion: o.profileVersion }) });
                  for (const c of certified.certificates) if (!c.reused) o.onProgress?.({ kind: 'step', step: 'credential-issued', atMs: Date.now() });
                  stage = 'bootstrap';
                  return withoutTrspSecret(planBootstrap(withIssuedCredentials(o.spec, [...issued, ...certified.issued], credentials.noti)), deviceKeyMiids);
                } catch (error) {
                  reject(error);
                  return undefined;
                } finally {
                  wipe();
                }
              },
            };
      const station = createStationServer(
        keygen === undefined ? plan : { ...plan, publications: [], commands: [] },
        onServerEvent,
        (statuses) => {
          refused = statuses;
          resolve('refused');
        },
        keygen,
      );
      serveOverLink(driver, station.handler);
      driver.onEvent((e) => {
        if (e.kind === 'failed') reject(e.error);
        else if (e.kind === 'closed') reject(failure('DEVICE_DISCONNECTED', 'the device closed the link'));
        else if (e.kind === 'hello-complete') {
          // Journal writes of progress steps run beside the protocol (they are chained, and the
          // result waits for them); only credential issuance and BootstrapComplete wait for disk.
          step('link-up').catch(reject);
          void (async () => {
            if (id.state !== 'factory' || notified) return; // bootstrapped already: the device sends BootstrapComplete on its own
            notified = true;
            stage = 'bootstrap';
            const { bytes } = await station.server.notify(id.devId);
            driver.notify(bytes);
            step('notified').catch(reject);
          })().catch(reject);
        }
      });
      timer = setTimeout(() => reject(failure('TRANSPORT_TIMEOUT', `bootstrap did not finish within ${o.timeoutMs ?? 60_000} ms`)), o.timeoutMs ?? 60_000);
    });
    const outcome = await done;
    await journal.flushed();
    await driver.drained().catch(() => undefined);
    if (outcome === 'refused') return { kind: 'refused', devId: id.devId, statuses: refused ?? [], durationMs: elapsed() };
    return { kind: 'completed', devId: id.devId, resumed, instances: plan.instances, durationMs: elapsed(), attempt: journal.record.attempts, credentials: journalFingerprints(journal.record) };
  } catch (error) {
    const failedAtEpochMs = epochNow();
    const e = error instanceof ProvisioningError ? error : new ProvisioningError('INTERNAL', error instanceof Error ? error.message : String(error));
    return { kind: 'failed', devId, error: e.toSerialized(), stage, failedAtEpochMs, durationMs: elapsed() };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    wipes?.();
    // Progress writes run beside the protocol; none may outlive the bootstrap, even a failed one.
    await opened?.flushed().catch(() => undefined);
    if (link !== undefined) await link.close().catch(() => undefined);
    else await o.channel.close().catch(() => undefined);
  }
}

/** A short digest of a spec for logs (never its secrets). */
export function specDigest(spec: BootstrapSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}
