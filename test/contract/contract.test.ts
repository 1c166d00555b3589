import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, commandNames, commands, eventNames, events, isCommandName, isEventName, type CommandName, type EventName, type Input } from '../../src-shared/ipc/contract.js';
import type { BootbenchApi } from '../../src-shared/ipc/envelope.js';
import type { CallContext } from '../../src-main/ipc/gate.js';
import { createStation, type Station } from '../../src-main/station.js';
import { bootstrapPushTarget, profilesFixtures } from './profiles-fixtures.js';
import { runsFixtures } from './runs-fixtures.js';
import { prepareTreeFixtures, treeFixtures } from './tree-fixtures.js';
import { closeInteractionFixtures, interactionFixtures, prepareInteractionFixtures } from './interaction-fixtures.js';
import { traceFixtures } from './trace-fixtures.js';

// Contract ↔ handlers ↔ bridge stay in sync (STYLE.md C5): one handler per command, outputs
// parse with their schemas, payloads survive structured clone, the preload exposes contract names
// only, and malformed payloads are refused with INVALID_REQUEST.

const bridge = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), channels: [] as string[] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void bridge.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string) => void bridge.channels.push(channel),
    on: (channel: string) => void bridge.channels.push(channel),
    removeListener: () => undefined,
  },
}));

/**
 * Fixture inputs per command, in run order. The mapped type makes a command without fixtures a
 * compile error; `simulator.detach` unplugs the handset the station starts with.
 */
const fixtures: { readonly [C in CommandName]: (station: Station) => readonly Input<C>[] } = {
  'station.info': () => [undefined],
  'devices.list': () => [undefined],
  'simulator.attach': () => [{}, { label: 'Contract phone' }],
  'simulator.detach': (station) => station.services.registry.idsOf('simulated').slice(0, 1).map((deviceId) => ({ deviceId })),
  'devices.identify': (station) => station.services.registry.list().slice(0, 1).map((d) => ({ deviceId: d.id })),
  'slots.rename': () => [{ slot: 'sim-9', name: 'Bay 9' }, { slot: 'sim-9', name: '' }],
  'ca.status': () => [undefined],
  'ca.init': () => [{ passphrase: 'contract passphrase' }],
  'ca.unlock': () => [{ passphrase: 'contract passphrase' }],
  'ca.issue': () => [{ csr: csrPem, deviceId: '356938035643809' }],
  'certs.issued': () => [undefined],
  'certs.inspect': () => [{ text: csrPem }, { base64: btoa('not a credential') }, {}],
  'audit.entries': () => [{}, { result: 'fail', text: 'x', offset: 0, limit: 10 }],
  'audit.verify': () => [undefined],
  'audit.export': () => [{ format: 'csv' }, { format: 'json' }],
  'audit.stats': () => [undefined],
  'settings.get': () => [undefined],
  'settings.set': () => [{ concurrency: 2 }, { storage: { kind: 'postgres', connectionString: 'postgres://bootbench@localhost:5432/bb' } }, { storage: { kind: 'sqlite' } }],
  ...profilesFixtures(),
  ...runsFixtures(),
  ...treeFixtures(),
  ...traceFixtures(),
  ...interactionFixtures(),
};
let csrPem = '';

const call: CallContext = { via: 'cli', clientId: 'contract', signal: new AbortController().signal };
let station: Station;
const seenEvents: { name: EventName; payload: unknown }[] = [];

let dataDir = '';
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bb-contract-'));
  csrPem = execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dataDir, 'device.key'), '-subj', '/CN=contract device'], { encoding: 'utf8' });
  station = await createStation({ shell: 'web', serial: false, discovery: { dataDir } });
  station.services.bus.subscribe((name, payload) => seenEvents.push({ name, payload }));
  await bootstrapPushTarget(station, dataDir);
  await prepareTreeFixtures(station, dataDir, call);
  await prepareInteractionFixtures(station);
});
afterAll(async () => {
  await closeInteractionFixtures();
  await station.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('contract', () => {
  it('has exactly one handler per command and no other', () => {
    const handlerNames = [...station.handled];
    expect([...handlerNames].sort()).toEqual([...commandNames].sort());
    expect(new Set(handlerNames).size).toBe(handlerNames.length);
  });

  it('every handler output parses with its output schema and survives structuredClone', async () => {
    for (const name of commandNames) {
      const inputs = fixtures[name](station) as readonly unknown[];
      expect(inputs.length, `fixtures for ${name}`).toBeGreaterThan(0);
      for (const input of inputs) {
        expect(structuredClone(input)).toEqual(input);
        const envelope = await station.gate.dispatch(name, input, call);
        if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code} ${envelope.error.message}`);
        expect(commands[name].output.safeParse(envelope.value).success, name).toBe(true);
        const cloned = structuredClone(envelope);
        expect(cloned).toEqual(envelope);
        expect(commands[name].output.safeParse((cloned as { value: unknown }).value).success).toBe(true);
      }
    }
  });

  it('every event was emitted by the fixtures, parses with its schema and survives structuredClone', () => {
    expect(new Set(seenEvents.map((e) => e.name))).toEqual(new Set(eventNames));
    for (const { name, payload } of seenEvents) {
      expect(events[name].safeParse(payload).success, name).toBe(true);
      expect(structuredClone(payload)).toEqual(payload);
    }
  });

  it('refuses malformed payloads with INVALID_REQUEST for every command', async () => {
    for (const name of commandNames) {
      for (const bad of [null, 42, 'text', [], { unexpected: true }, { label: 7 }, { deviceId: '' }]) {
        const envelope = await station.gate.dispatch(name, bad, call);
        expect(envelope, `${name} ${JSON.stringify(bad)}`).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
        expect(structuredClone(envelope)).toEqual(envelope);
      }
    }
  });

  it('answers arbitrary payloads with a value or INVALID_REQUEST, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commandNames.filter((n) => n !== 'simulator.detach')), fc.anything(), async (name, raw) => {
        const envelope = await station.gate.dispatch(name, raw, call);
        const valid = commands[name].input.safeParse(raw).success;
        expect(envelope.ok ? 'ok' : envelope.error.code).toBe(valid ? 'ok' : 'INVALID_REQUEST');
      }),
      { numRuns: 200 },
    );
  });
});

describe('preload bridge', () => {
  let api: BootbenchApi;
  beforeAll(async () => {
    const preloadEntry = '../../src-main/preload/index.js'; // own TS project; see test/main/preload
    await import(preloadEntry);
    api = bridge.exposed.get('bootbench') as BootbenchApi;
  });

  it('exposes only contract names, on their contract channels', async () => {
    expect([...bridge.exposed.keys()]).toEqual(['bootbench']);
    for (const name of commandNames) await api.invoke(name, undefined as never);
    for (const name of eventNames) api.on(name, () => undefined)();
    expect(bridge.channels).toEqual([...commandNames, ...eventNames].map(channelOf));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty')), (name) => {
        const invoke = () => void api.invoke(name as CommandName, undefined as never);
        const on = () => api.on(name as EventName, () => undefined)();
        if (isCommandName(name)) expect(invoke).not.toThrow();
        else expect(invoke).toThrow(TypeError);
        if (isEventName(name)) expect(on).not.toThrow();
        else expect(on).toThrow(TypeError);
      }),
    );
  });
});
