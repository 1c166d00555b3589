import { userInfo } from 'node:os';
import type { DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { profilesCommands } from '../../src-shared/ipc/areas/profiles.js';
import type { PlanDeviceFacts } from '../../src-shared/plan/plan-types.js';
import { diffAgainstTree } from '../../src-shared/plan/tree-diff.js';
import type { MoEntryJson } from '../../src-shared/protocol/mo/mo-entry.js';
import { AuditLog } from '../audit/audit-log.js';
import { stationCaSigner } from '../audit/station-signer.js';
import { factoryEntries } from '../plan/current-tree.js';
import { compileProfilePlan } from '../plan/plan-service.js';
import { approveProfile } from '../profile/approval.js';
import type { Storage } from '../storage/open-storage.js';
import { pushCertificate } from '../services/cert-push.js';
import { cableDevicePush } from '../services/cert-push-cable.js';
import { ProfilesService, validateProfileText } from '../services/profiles-service.js';
import { stationId } from '../platform/station-id.js';
import type { AreaContext, StationArea } from './area.js';
import { auditDeviceStep } from './station-audit.js';

/** What the profiles area offers the other areas: a library version's file and approval state (runs compile approved versions). */
export interface ProfilesApi {
  readonly versionForRuns: ProfilesService['versionForRuns'];
}

/** A live read of a device's tree as MO serialization entries (the tree area's, once it offers one). */
export type LiveTreeRead = (device: DeviceSummary, signal: AbortSignal) => Promise<MoEntryJson[]>;


/** Plan-compiler facts from a device's identification. */
function factsOf(d: DeviceSummary): PlanDeviceFacts {
  const i = d.identity;
  return {
    ...(i.imei === undefined ? {} : { imei: i.imei }),
    ...(i.imsi === undefined ? {} : { imsi: i.imsi }),
    ...(i.iccid === undefined ? {} : { iccid: i.iccid }),
    ...(i.model === undefined ? {} : { model: i.model }),
    ...(i.vendorId === undefined || i.productId === undefined ? {} : { usb: { vid: i.vendorId.toLowerCase(), pid: i.productId.toLowerCase() } }),
  };
}

/** Opens the profiles area of the station: the profile library, plan diffs and certificate push. */
export async function openProfilesArea(ctx: AreaContext, deps: { readonly liveTree?: LiveTreeRead } = {}): Promise<StationArea<typeof profilesCommands, ProfilesApi>> {
  const { services } = ctx;
  let opened: Promise<Storage> | undefined;
  const storage = (dataDir: string): Promise<Storage> => {
    opened ??= (async () => {
      const { openStorage } = await import('../storage/open-storage.js');
      const { stationStorageOptions } = await import('../storage/station-storage.js');
      const saved = (await services.settings.get()).storage;
      return openStorage(await stationStorageOptions(dataDir, saved.kind === 'postgres' ? saved.connectionString : process.env['BOOTBENCH_DATABASE_URL']));
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  const needDir = (): string => {
    if (ctx.dataDir === undefined) throw new ProvisioningError('NOT_FOUND', 'This station has no data directory');
    return ctx.dataDir;
  };

  // An approval is signed once (approveProfile: stored version + approval in station storage, a
  // `profile.approve` audit step); the library keeps the same signed approval beside the version.
  const library = new ProfilesService(ctx.dataDir, ctx.clock, async (loaded, approvedBy, nowIso) => {
    const { signer } = await services.certificates.unlockedCa();
    const s = await storage(needDir());
    const station = stationId();
    const caSigner = stationCaSigner(signer);
    const log = new AuditLog({ store: s.audit, clock: ctx.clock, station, signer: caSigner });
    return (await approveProfile(s, loaded, caSigner, approvedBy, nowIso, { log, station, nowMs: ctx.clock.nowMs() })).approval;
  });

  const push = cableDevicePush({ openLine: ctx.openLine });
  /** Devices with a push under way: a second push to the same line is refused, not interleaved. */
  const pushing = new Set<string>();

  return {
    handlers: {
      'profiles.list': async () => library.list(),
      'profiles.get': async ({ name, version }) => library.get(name, version),
      'profiles.validate': async ({ text }) => validateProfileText(text),
      'profiles.save': async ({ name, text }) => library.save(name, text),
      'profiles.versions': async ({ name }) => library.versions(name),
      'profiles.diff': async ({ name, from, to }) => library.diff(name, from, to),
      'profiles.approve': async ({ name, version, by }) => library.approve(name, version, by ?? userInfo().username),
      'profiles.planDiff': async ({ name, version, deviceId }, call) => {
        const device = services.registry.get(deviceId);
        const { version: v } = await library.get(name, version);
        const facts = factsOf(device);
        const compiled = await compileProfilePlan({ file: library.versionFile(name, v.hash), device: facts, purpose: 'preview', dataDir: needDir(), storage: await storage(needDir()), stationId: stationId() });
        if (!compiled.ok) return { ok: false as const, issues: compiled.error.map((i) => ({ code: i.code, pointer: i.pointer, message: i.message })) };
        const i = device.identity;
        let current: MoEntryJson[] = [];
        let currentTree: 'live' | 'factory-prediction' | 'empty' = 'empty';
        // The device's own tree over its cable when it can be read (a handset); else the factory
        // image predicted from its identity (a line that is busy or not a handset's).
        const live = deps.liveTree === undefined || device.kind !== 'handset' ? undefined : await deps.liveTree(device, call.signal).catch(() => undefined);
        if (live !== undefined) {
          current = live;
          currentTree = 'live';
        } else if (i.imei !== undefined) {
          current = factoryEntries({ imei: i.imei, manufacturer: i.manufacturer ?? 'unknown', model: i.model ?? 'unknown', firmware: i.firmware ?? 'unknown' });
          currentTree = 'factory-prediction';
        }
        const plan = compiled.value.plan;
        const diff = diffAgainstTree(plan, current);
        return {
          ok: true as const,
          profile: { name, hash: v.hash, label: v.label },
          device: { deviceId, ...(i.imei === undefined ? {} : { imei: i.imei }), ...(i.model === undefined ? {} : { model: i.model }) },
          currentTree,
          commands: plan.commandSummary.map((c) => ({ name: c.name, url: c.url })),
          instances: [...plan.instances],
          credentials: plan.credentialActions.map((a) => `${a.serverId} (${a.miid}): ${a.kind}`),
          warnings: plan.warnings.map((w) => ({ pointer: w.pointer, message: w.message })),
          // Values arrive masked from diffAgainstTree (secret leaves are •••).
          diff: { added: [...diff.instances.added], changed: [...diff.instances.changed], unchanged: [...diff.instances.unchanged], nodes: diff.nodes.map((n) => ({ ...n })) },
        };
      },
      'certs.push': async ({ deviceId, account, validityDays }, call) => {
        services.registry.get(deviceId);
        if (pushing.has(deviceId)) throw new ProvisioningError('DEVICE_BUSY', `A certificate push to ${deviceId} is already under way`, { retryable: true });
        pushing.add(deviceId);
        const startedMs = ctx.clock.nowMs();
        try {
          const pushed = await pushCertificate(
            { push, unlockedCa: () => services.certificates.unlockedCa(), onStep: (id, step, detail) => services.bus.emit('certPush.progressed', { deviceId: id, step, ...(detail === undefined ? {} : { detail: detail.slice(0, 500) }) }) },
            { deviceId, account, validityDays },
            call.signal,
          );
          await auditDeviceStep(ctx, deviceId, 'cert.push', startedMs, { result: 'ok', error: null, fingerprints: [pushed.record.fingerprintSha256], data: { account, accountUri: pushed.accountUri, serial: pushed.record.serialHex, anchors: pushed.anchors } });
          return pushed;
        } catch (error) {
          await auditDeviceStep(ctx, deviceId, 'cert.push', startedMs, { result: 'fail', error: error instanceof ProvisioningError ? error.code : 'INTERNAL', data: { account } });
          throw error;
        } finally {
          pushing.delete(deviceId);
        }
      },
    },
    api: { versionForRuns: (name, hash) => library.versionForRuns(name, hash) },
    close: async () => {
      const o = opened;
      opened = undefined;
      if (o !== undefined) await (await o.catch(() => undefined))?.close();
    },
  };
}
