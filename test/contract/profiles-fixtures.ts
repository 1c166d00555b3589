/**
 * Contract fixtures of the profiles area (profiles.*, certs.push): a sample profile saved,
 * validated, diffed and approved (the CA is unlocked by the `ca.init` fixture, which runs first),
 * a plan diff for an attached handset, and a certificate pushed into a built-in simulated handset
 * that {@link bootstrapPushTarget} bootstrapped over its cable first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceId } from '../../src-shared/domain/device.js';
import type { Input } from '../../src-shared/ipc/contract.js';
import type { profilesCommands } from '../../src-shared/ipc/areas/profiles.js';
import { runCableBootstrap } from '../../src-main/bootstrap/cable-bootstrap.js';
import { parseProfileText } from '../../src-main/profile/profile-file.js';
import type { Station } from '../../src-main/station.js';
import { loadFixtureSpec } from '../main/bootstrap/helpers.js';

const sample = readFileSync(new URL('../../assets/profiles/field-modem.yaml', import.meta.url), 'utf8');
const loaded = parseProfileText(sample);
const hash = loaded.ok ? loaded.hash : '0'.repeat(64);
let pushTarget: DeviceId | undefined;

/** Bootstraps one more built-in simulated handset (accounts `operator`, `enterprise`) for `certs.push`. */
export async function bootstrapPushTarget(station: Station, dataDir: string): Promise<void> {
  // Wait for its identification probe to finish (openLine would wait for it, 2 s at most).
  const device = station.services.simulator.attach('Push target');
  let identified: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (identified = resolve));
  // Identification is asynchronous: subscribing right after attach misses nothing.
  const off = station.services.bus.subscribe((name, payload) => {
    const p = payload as { id?: string; identification?: string };
    if (name === 'device.attached' && p.id === device.id && p.identification !== 'pending') identified?.();
  });
  if (station.services.registry.get(device.id).identification !== 'pending') identified?.();
  await done.finally(off);
  const channel = await station.services.discovery.openLine(device.id, new AbortController().signal);
  mkdirSync(join(dataDir, 'push-journal'));
  const result = await runCableBootstrap({ channel, spec: await loadFixtureSpec(), journalDir: join(dataDir, 'push-journal'), timeoutMs: 10_000 });
  if (result.kind !== 'completed') throw new Error(`push target not bootstrapped: ${JSON.stringify(result)}`);
  pushTarget = device.id;
}

type Fixtures = { readonly [C in keyof typeof profilesCommands]: (station: Station) => readonly Input<C>[] };

/** Inputs per profiles-area command, in table order. */
export function profilesFixtures(): Fixtures {
  return {
    'profiles.list': () => [undefined],
    'profiles.get': () => [{ name: 'field-modem' }, { name: 'field-modem', version: hash }],
    'profiles.validate': () => [{ text: sample }, { text: 'schema: bootbench.profile/v1\nid: x\n' }, { text: '{ unclosed' }],
    'profiles.save': () => [{ name: 'contract', text: sample }, { name: 'contract', text: sample }],
    'profiles.versions': () => [{ name: 'contract' }],
    'profiles.diff': () => [{ name: 'contract', from: hash, to: hash }],
    'profiles.approve': () => [{ name: 'contract', version: hash, by: 'contract test' }],
    'profiles.planDiff': (station) => station.services.registry.list().slice(0, 1).map((d) => ({ name: 'contract', version: hash, deviceId: d.id })),
    'certs.push': () => (pushTarget === undefined ? [] : [{ deviceId: pushTarget, account: 'operator', validityDays: 30 }]),
  };
}
