/**
 * The persistent state of a Bootbench device (the simulator's MO store): the management tree
 * with creators and rights, the DM client's state and the bootstrap state. Encoded as JSON; the
 * decoder validates everything from `unknown` and rebuilds the tree through the engine.
 */
import { z } from 'zod';
import { ProvisioningError } from '../errors/provisioning-error.js';
import { decodeMoSerialization, encodeMoSerialization, instanceEntry } from '../protocol/dm/serialization.js';
import { createInstances, emptyTree, setPermissions, allInstances, type NewInstance } from '../protocol/dm/tree/tree.js';
import { RIGHTS, type InteriorNode, type ManagementTree } from '../protocol/dm/tree/types.js';
import type { ClientState } from '../protocol/dm/session/client-ports.js';
import { DEVICE_BOOTSTRAP_STATES, type DeviceBootstrapState } from './cable-constants.js';

/** Everything a device keeps across power cycles. */
export interface DeviceState {
  readonly tree: ManagementTree;
  readonly client: ClientState;
  readonly bootstrap: DeviceBootstrapState;
  /** Commits written so far (1 = the factory image). */
  readonly generation: number;
}

const InstanceMeta = z.strictObject({
  moid: z.string().min(1).max(255),
  miid: z.string().min(1).max(64),
  creator: z.string().max(255).nullable(),
  permissions: z.array(z.tuple([z.string().min(1).max(255), z.array(z.enum(RIGHTS)).max(4)])).max(256),
});

const StateFile = z.strictObject({
  format: z.literal('bootbench-device-state'),
  version: z.literal(1),
  generation: z.number().int().min(1),
  bootstrap: z.enum(DEVICE_BOOTSTRAP_STATES as [DeviceBootstrapState, ...DeviceBootstrapState[]]),
  tree: z.array(z.unknown()).max(10_000),
  instances: z.array(InstanceMeta).max(10_000),
  client: z.strictObject({ pendingAlerts: z.array(z.any()), defaults: z.array(z.any()), subscriptions: z.array(z.any()) }),
});

/** Encodes a device state as JSON text (stable order: the tree's instance order). */
export function encodeDeviceState(state: DeviceState): string {
  const all = allInstances(state.tree);
  return JSON.stringify({
    format: 'bootbench-device-state',
    version: 1,
    generation: state.generation,
    bootstrap: state.bootstrap,
    tree: JSON.parse(encodeMoSerialization(all.map(instanceEntry))) as unknown,
    instances: all.map((i) => ({ moid: i.moid, miid: i.miid, creator: i.creator.kind === 'server' ? i.creator.serverId : null, permissions: [...i.permissions] })),
    client: state.client,
  });
}

const bad = (detail: string): ProvisioningError => new ProvisioningError('INVALID_REQUEST', `device state file: ${detail}`);

/** Decodes a device state; a typed INVALID_REQUEST for anything malformed (never a crash). */
export function decodeDeviceState(text: string): DeviceState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  const parsed = StateFile.safeParse(raw);
  if (!parsed.success) throw bad(parsed.error.issues[0]?.message ?? 'invalid');
  const f = parsed.data;
  let entries;
  try {
    entries = decodeMoSerialization(f.tree);
  } catch (error) {
    throw bad(error instanceof Error ? error.message : 'bad tree');
  }
  if (entries.length !== f.instances.length) throw bad('tree and instance list differ');
  const inits: NewInstance[] = entries.map((e, i) => {
    const meta = f.instances[i]!;
    const sel = e.clientUri.instance;
    if (e.clientUri.moid !== meta.moid || sel.kind !== 'miid' || sel.miid !== meta.miid || e.node.kind !== 'interior') throw bad(`entry ${i} does not match its metadata`);
    return { moid: meta.moid, miid: meta.miid, rootName: e.name, root: e.node as InteriorNode, creator: meta.creator === null ? { kind: 'local' } : { kind: 'server', serverId: meta.creator }, ...(e.ddf === undefined ? {} : { ddf: e.ddf }) };
  });
  const created = createInstances(emptyTree(), inits);
  if (created.status !== 'ok') throw bad(created.detail);
  let tree = created.value;
  for (const meta of f.instances) {
    for (const [serverId, rights] of meta.permissions) {
      const r = setPermissions(tree, meta.moid, meta.miid, serverId, rights);
      if (r.status !== 'ok') throw bad(r.detail);
      tree = r.value;
    }
  }
  return { tree, client: f.client as ClientState, bootstrap: f.bootstrap, generation: f.generation };
}
