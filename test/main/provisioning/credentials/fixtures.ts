import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeClock, startDmServerHost, type DmServerHost } from '../../../../src-main/dm/dm-server-host.js';
import { NodeHttpClient, type DmClientTlsOptions } from '../../../../src-main/dm/http-client.js';
import type { Refusal } from '../../../../src-main/dm/refusal.js';
import { tracingHttpClient, type TracedExchange } from '../../../../src-main/dm/tracing-http-client.js';
import { CaStore } from '../../../../src-main/pki/ca-store.js';
import type { SigningCa } from '../../../../src-main/pki/issue.js';
import { PassphraseProtector } from '../../../../src-main/pki/secret-box.js';
import { StationCa } from '../../../../src-main/pki/station-ca.js';
import { trustAnchorBundle } from '../../../../src-main/pki/trust-anchors.js';
import { CredentialApp } from '../../../../src-main/provisioning/credentials/credential-app.js';
import { credentialFormats } from '../../../../src-main/provisioning/credentials/credential-mo.js';
import type { CredentialOutcome, CredentialPlan } from '../../../../src-main/provisioning/credentials/credential-plan.js';
import { CredentialRepository } from '../../../../src-main/provisioning/credentials/credential-repository.js';
import { nodeDeviceKeygen, type DeviceKeygen } from '../../../../src-main/provisioning/credentials/device-keygen.js';
import type { TrspCredential } from '../../../../src-shared/pki/dmacc-credentials.js';
import { KEYGEN_MOID } from '../../../../src-shared/pki/keygen-mo.js';
import { createInstance, emptyTree, makeInterior, makeLeaf, setPermissions, STANDARD_MOIDS, type InteriorNode, type ManagementTree, type TreeNode } from '../../../../src-shared/protocol/dm/index.js';
import { DmClient, executorRegistry, type ServerEvent } from '../../../../src-shared/protocol/dm/session/index.js';
import type { TestPki } from '../../../support/test-pki.js';

export const SERVER_ID = 'bootbench-station';
export const { dmAcc: DMACC, devInfo: DEVINFO } = STANDARD_MOIDS;
export const ACCOUNT = `${DMACC}/acc1/`;

type Plain = string | { readonly [name: string]: Plain };
const nodeOf = (plain: Plain): TreeNode =>
  typeof plain === 'string' ? makeLeaf({ format: 'chr', value: plain }) : makeInterior(Object.entries(plain).map(([k, v]) => [k, nodeOf(v)] as const));

function add(tree: ManagementTree, moid: string, miid: string, rootName: string, plain: { readonly [name: string]: Plain }): ManagementTree {
  const r = createInstance(tree, { moid, miid, rootName, root: nodeOf(plain) as InteriorNode, creator: { kind: 'local' } });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

/** A bootstrapped device: DevInfo and one DMAcc granting DevInfo, DMAcc (its own account) and KeyGen. */
export function deviceTree(devId: string, srvUri: string): ManagementTree {
  let tree = add(emptyTree(), DEVINFO, 'di', 'DevInfo', { DevID: devId, Man: 'Acme', Mod: 'Gateway-7', DmV: '2.0' });
  tree = add(tree, DMACC, 'acc1', 'DMAcc', { SrvID: SERVER_ID, SrvURI: srvUri, Name: SERVER_ID, Perm: { 1: { MOID: DEVINFO }, 2: { MOID: DMACC }, 3: { MOID: KEYGEN_MOID } }, Auth: {} });
  for (const [moid, miid] of [[DEVINFO, 'di'], [DMACC, 'acc1']] as const) {
    const r = setPermissions(tree, moid, miid, SERVER_ID, ['Read', 'Write']);
    if (r.status !== 'ok') throw new Error(r.detail);
    tree = r.value;
  }
  return tree;
}

/** The station: a CA in a temp data dir, the credential app, and an mTLS DM server (factory client certs from the test PKI). */
export interface Station {
  readonly dir: string;
  readonly ca: StationCa;
  readonly signer: SigningCa;
  readonly caPem: string;
  readonly host: DmServerHost;
  readonly app: CredentialApp;
  readonly repository: CredentialRepository;
  readonly outcomes: CredentialOutcome[];
  readonly events: ServerEvent[];
  readonly deliveries: TrspCredential[];
  readonly plans: Map<string, CredentialPlan>;
  close(): Promise<void>;
}

export async function startStation(pki: TestPki): Promise<Station> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-cred-'));
  const store = await CaStore.open(dir);
  const ca = new StationCa(store, nodeClock);
  const protector = new PassphraseProtector('station passphrase for credentials');
  await ca.init({ spec: 'ec-p256', subject: 'CN=Bootbench Station CA', validityDays: 365 }, protector);
  const signer = await store.unlock(protector);
  const caPem = (await trustAnchorBundle(store)).pem;
  const repository = new CredentialRepository();
  const outcomes: CredentialOutcome[] = [];
  const events: ServerEvent[] = [];
  const deliveries: TrspCredential[] = [];
  const plans = new Map<string, CredentialPlan>();
  const ref: { host?: DmServerHost } = {};
  const app = new CredentialApp({
    ca,
    signer: () => signer,
    repository,
    repositoryUrl: (name) => ref.host!.repositoryUrl(name),
    planFor: (devId) => plans.get(devId),
    onOutcome: (o) => outcomes.push(o),
    onStationKeyDelivery: (c) => deliveries.push(c),
  });
  const host = await startDmServerHost({
    serverId: SERVER_ID,
    app,
    repository,
    onEvent: (e) => (events.push(e), app.handleEvent(e)),
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true },
  });
  ref.host = host;
  return {
    dir, ca, signer, caPem, host, app, repository, outcomes, events, deliveries, plans,
    close: async () => {
      app.dispose();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A simulated device over real HTTPS: KeyGen executor, credential formats, every exchange recorded. */
export interface Device {
  readonly keygen: DeviceKeygen;
  readonly client: DmClient;
  readonly http: NodeHttpClient;
  readonly exchanges: TracedExchange[];
}

export function makeDevice(devId: string, tree: ManagementTree, tls: DmClientTlsOptions): Device {
  const keygen = nodeDeviceKeygen(tree);
  const http = new NodeHttpClient({ tls });
  const exchanges: TracedExchange[] = [];
  const client = new DmClient({
    devId,
    http: tracingHttpClient(http, (e) => exchanges.push(e)),
    tree: keygen.tree,
    executors: executorRegistry(keygen.executors),
    formatOf: credentialFormats,
  });
  return { keygen, client, http, exchanges };
}

/** Collects server refusals. */
export function refusals(): { readonly all: Refusal[]; readonly listener: (r: Refusal) => void } {
  const all: Refusal[] = [];
  return { all, listener: (r) => all.push(r) };
}
