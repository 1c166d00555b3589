import { randomBytes } from 'node:crypto';
import type { DeviceId } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { treeCommands } from '../../src-shared/ipc/areas/tree.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { planEdits } from '../../src-shared/tree/plan-edits.js';
import type { DeviceTree, TreeEdit } from '../../src-shared/tree/tree-schema.js';
import type { MoEntryJson } from '../../src-shared/protocol/mo/mo-entry.js';
import { applyTreeEdits, readDeviceEntries, readDeviceTree } from '../tree/tree-service.js';
import type { AreaContext, StationArea } from './area.js';
import { auditDeviceStep } from './station-audit.js';

/** What the tree area offers the other areas. */
export interface TreeApi {
  /** Reads a device's instances over its cable as MO serialization entries (one session; queued behind other tree work on the line). */
  liveEntries(deviceId: DeviceId, signal: AbortSignal): Promise<MoEntryJson[]>;
}

/** How long a preview token stays valid. */
export const PREVIEW_TTL_MS = 10 * 60_000;

interface Preview {
  readonly deviceId: DeviceId;
  readonly version: string;
  readonly edits: readonly TreeEdit[];
  readonly expiresAtMs: number;
}

/**
 * Opens the tree area of the station: `tree.read` reads a device's tree over its cable (the
 * station's DM account `bootbench-station`), `tree.preview` checks a change set against the last
 * read and issues a single-use token bound to that version, `tree.apply` applies exactly it.
 * One DM session per device at a time.
 */
export async function openTreeArea(ctx: AreaContext): Promise<StationArea<typeof treeCommands, TreeApi>> {
  const trees = new Map<DeviceId, DeviceTree>();
  const previews = new Map<string, Preview>();
  const busy = new Map<DeviceId, Promise<unknown>>();

  const withLine = async <T>(deviceId: DeviceId, signal: AbortSignal, work: (channel: ByteChannel) => Promise<T>): Promise<T> => {
    const before = busy.get(deviceId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(async () => work(await ctx.openLine(deviceId, signal)));
    busy.set(deviceId, run);
    try {
      return await run;
    } finally {
      if (busy.get(deviceId) === run) busy.delete(deviceId);
    }
  };
  const now = (): number => ctx.clock.nowMs();

  return {
    handlers: {
      'tree.read': async ({ deviceId }, call) => {
        const tree = await withLine(deviceId, call.signal, (channel) => readDeviceTree({ channel, signal: call.signal, now }));
        trees.set(deviceId, tree);
        return tree;
      },
      'tree.preview': async ({ deviceId, edits }) => {
        const tree = trees.get(deviceId);
        if (tree === undefined) throw new ProvisioningError('NOT_FOUND', 'read the device tree before previewing changes');
        const plan = planEdits(tree, edits);
        if (!plan.ok) {
          const first = plan.problems[0]!;
          throw new ProvisioningError('INVALID_REQUEST', `${first.uri === '' ? '' : `${first.uri}: `}${first.message}`, { details: { problems: plan.problems.slice(0, 50).map((p) => `${p.index}\t${p.uri}\t${p.message}`) } });
        }
        for (const [token, p] of previews) if (p.expiresAtMs <= now()) previews.delete(token);
        const token = randomBytes(16).toString('hex');
        previews.set(token, { deviceId, version: tree.version, edits, expiresAtMs: now() + PREVIEW_TTL_MS });
        return { token, version: tree.version, diff: [...plan.diff] };
      },
      'tree.apply': async ({ deviceId, token }, call) => {
        const preview = previews.get(token);
        previews.delete(token);
        if (preview === undefined || preview.deviceId !== deviceId || preview.expiresAtMs <= now()) {
          throw new ProvisioningError('INVALID_REQUEST', 'unknown or expired preview: preview the changes again');
        }
        const startedMs = now();
        const edits = preview.edits.length;
        try {
          const result = await withLine(deviceId, call.signal, (channel) => applyTreeEdits({ channel, signal: call.signal, now, version: preview.version, edits: preview.edits }));
          if (result.kind === 'applied') trees.set(deviceId, result.tree);
          const applied = result.kind === 'applied';
          await auditDeviceStep(ctx, deviceId, 'tree.apply', startedMs, { result: applied ? 'ok' : 'fail', error: applied ? null : 'REFUSED', data: { version: preview.version, edits, changes: preview.edits.slice(0, 50).map((e) => (e.kind === 'acl' ? `acl ${e.moid}/${e.miid} ${e.serverId}` : `${e.kind} ${e.uri}`)) } });
          return result;
        } catch (error) {
          if (error instanceof ProvisioningError && error.code === 'TREE_CHANGED') trees.delete(deviceId);
          await auditDeviceStep(ctx, deviceId, 'tree.apply', startedMs, { result: 'fail', error: error instanceof ProvisioningError ? error.code : 'INTERNAL', data: { version: preview.version, edits } });
          throw error;
        }
      },
    },
    api: { liveEntries: (deviceId, signal) => withLine(deviceId, signal, (channel) => readDeviceEntries({ channel, signal, now })) },
    close: async () => {
      previews.clear();
      trees.clear();
    },
  };
}
