/**
 * Contract fixtures of the tree area: a built-in simulated handset bootstrapped over its cable
 * first (so it has writable instances), read, previewed and applied through the gate.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceId } from '../../src-shared/domain/device.js';
import type { Input } from '../../src-shared/ipc/contract.js';
import type { treeCommands } from '../../src-shared/ipc/areas/tree.js';
import { APN_MOID } from '../../src-shared/tree/tree-ddf.js';
import { runCableBootstrap } from '../../src-main/bootstrap/cable-bootstrap.js';
import type { CallContext } from '../../src-main/ipc/gate.js';
import type { Station } from '../../src-main/station.js';
import { loadFixtureSpec } from '../main/bootstrap/helpers.js';

let target: DeviceId | undefined;
let token = '';
const edits = [{ kind: 'set', uri: `${APN_MOID}/internet/MTU`, value: '1380' }] as const;

/** Bootstraps a handset for the tree fixtures and previews one change (its token is applied by the fixture). */
export async function prepareTreeFixtures(station: Station, dataDir: string, call: CallContext): Promise<void> {
  const wanted = { id: '' };
  let identified: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (identified = resolve));
  const off = station.services.bus.subscribe((name, payload) => {
    const p = payload as { id?: string; identification?: string };
    if (name === 'device.attached' && p.id !== undefined && p.id === wanted.id && p.identification !== 'pending') identified?.();
  });
  const device = station.services.simulator.attach('Tree target');
  wanted.id = device.id;
  if (station.services.registry.get(device.id).identification !== 'pending') identified?.();
  await done.finally(off);
  await mkdir(join(dataDir, 'tree-journal'), { recursive: true });
  const channel = await station.services.discovery.openLine(device.id, new AbortController().signal);
  const result = await runCableBootstrap({ channel, spec: await loadFixtureSpec(), journalDir: join(dataDir, 'tree-journal'), timeoutMs: 10_000 });
  if (result.kind !== 'completed') throw new Error(`tree target not bootstrapped: ${JSON.stringify(result)}`);
  target = device.id;
  const read = await station.gate.dispatch('tree.read', { deviceId: target }, call);
  if (!read.ok) throw new Error(`tree.read: ${read.error.message}`);
  const preview = await station.gate.dispatch('tree.preview', { deviceId: target, edits }, call);
  if (!preview.ok) throw new Error(`tree.preview: ${preview.error.message}`);
  token = (preview.value as { token: string }).token;
}

type Fixtures = { readonly [C in keyof typeof treeCommands]: (station: Station) => readonly Input<C>[] };

/** Inputs per tree-area command, in table order. */
export function treeFixtures(): Fixtures {
  const deviceIds = (): DeviceId[] => (target === undefined ? [] : [target]);
  return {
    'tree.read': () => deviceIds().map((deviceId) => ({ deviceId })),
    'tree.preview': () => deviceIds().map((deviceId) => ({ deviceId, edits: [{ kind: 'set', uri: `${APN_MOID}/ims/Name`, value: 'ims.contract' }] })),
    'tree.apply': () => deviceIds().map((deviceId) => ({ deviceId, token })),
  };
}
