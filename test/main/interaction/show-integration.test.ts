import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { commands, type Payload } from '../../../src-shared/ipc/contract.js';
import { DmClient, dm, postShowAnswer, ShowEndpoint, type ReceivedAnswer, type ServerEvent } from '../../../src-shared/protocol/dm/session/index.js';
import { SHOW_FAILED_STATUS } from '../../../src-shared/protocol/dm/session/session-decisions.js';
import { openInteractionArea } from '../../../src-main/areas/interaction.js';
import type { AreaContext } from '../../../src-main/areas/area.js';
import { nodeClock, nodeRandom, startDmServerHost, type DmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { NodeHttpClient } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer } from '../../../src-main/dm/http-server.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { TreeStore } from '../../../src-shared/protocol/dm/tree/transaction.js';
import { DEV_ID, deviceTree, SERVER_ID } from '../dm/fixtures.js';

type Prompt = Payload<'interaction.requested'>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const call: CallContext = { via: 'host', clientId: 'test', signal: new AbortController().signal };
const DEVICE = 'simulated:sim-3' as DeviceId;

/**
 * A real DM server (engine on node:http) whose app sends SHOW with a ShowEndpoint URL served by its
 * own web server component; a simulated handset (the DM client engine the simulator runs) whose
 * UserInteraction port is the station's interaction area; the station's event bus and handlers.
 */
async function setup(options: { page?: { title: string; question: string; choices: string[] }; missingPage?: boolean; answerTimeoutMs?: number } = {}) {
  const answers: ReceivedAnswer[] = [];
  // The server's web server component: its base URL needs the bound port, so the handler is late-bound.
  const holder: { endpoint?: ShowEndpoint } = {};
  const web = await startDmHttpServer({ handler: (r, p) => holder.endpoint!.handler(r, p) });
  cleanups.push(() => web.close());
  const endpoint = new ShowEndpoint({ baseUrl: `${web.url}/ui/consent`, random: nodeRandom, onAnswer: (a) => answers.push(a) });
  holder.endpoint = endpoint;
  const showUrl = options.missingPage === true ? `${web.url}/ui/consent?ui=00` : endpoint.open(options.page ?? { title: 'Firmware update', question: 'Install 7.1.3 tonight? The handset restarts.', choices: ['Install', 'Later'] });

  const events: ServerEvent[] = [];
  const host: DmServerHost = await startDmServerHost({ serverId: SERVER_ID, app: { next: (turn) => (turn.round === 0 ? [dm.show(showUrl)] : []) }, onEvent: (e) => events.push(e) });
  cleanups.push(() => host.close());

  const bus = new EventBus();
  const seen: { name: string; payload: unknown }[] = [];
  const waiters: { name: string; resolve: (p: Prompt) => void }[] = [];
  bus.subscribe((name, payload) => {
    seen.push({ name, payload });
    for (const w of waiters.splice(0)) {
      if (w.name === name) w.resolve(payload as Prompt);
      else waiters.push(w);
    }
  });
  const next = (name: 'interaction.requested' | 'interaction.settled'): Promise<Prompt> => new Promise((resolve) => waiters.push({ name, resolve }));
  const ctx = { services: { bus }, clock: nodeClock, dataDir: undefined } as unknown as AreaContext;
  const area = await openInteractionArea(ctx, options.answerTimeoutMs === undefined ? {} : { answerTimeoutMs: options.answerTimeoutMs });
  cleanups.push(() => area.close());

  const http = new NodeHttpClient({});
  const handset = new DmClient({ devId: DEV_ID, http, tree: new TreeStore(deviceTree(host.entryUrl)), ui: area.api.service.port({ deviceId: DEVICE, slot: 'sim-3' }) });
  const handler = <C extends 'interaction.answer' | 'interaction.cancel' | 'interaction.list'>(name: C, input: unknown) =>
    (area.handlers[name] as (i: unknown, c: CallContext) => Promise<unknown>)(commands[name].input.parse(input), call);
  const showStatus = () => events.flatMap((e) => (e.kind === 'results' ? e.results : [])).find((r) => r.command.name === 'SHOW')?.sc;
  return { answers, events, seen, next, area, handset, handler, showUrl, showStatus, closeWeb: () => web.close() };
}

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof ProvisioningError ? e.code : 'untyped'));

describe('SHOW from a real DM server to a simulated handset, answered at the station', () => {
  it('raises the prompt, the session goes on, and the answer reaches the server web component', async () => {
    const s = await setup();
    const requested = s.next('interaction.requested');
    const outcome = await s.handset.openSession(SERVER_ID);
    expect(outcome.kind).toBe('completed');
    expect(s.showStatus()).toBe(200);
    const prompt = await requested;
    expect(prompt).toMatchObject({ deviceId: DEVICE, slot: 'sim-3', serverId: SERVER_ID, title: 'Firmware update', question: 'Install 7.1.3 tonight? The handset restarts.', choices: ['Install', 'Later'], fields: [], state: 'pending' });
    expect(commands['interaction.list'].output.parse(await s.handler('interaction.list', undefined))).toHaveLength(1);
    // The SHOW URL (it carries the UI session) never reaches the renderer.
    const token = /ui=([0-9a-f]+)/.exec(s.showUrl)![1]!;
    expect(JSON.stringify(s.seen)).not.toContain(token);
    expect(s.answers).toEqual([]);

    expect(await codeOf(s.handler('interaction.answer', { id: prompt.id, choice: 'Maybe' }))).toBe('INVALID_REQUEST');
    const settled = s.next('interaction.settled');
    const answered = commands['interaction.answer'].output.parse(await s.handler('interaction.answer', { id: prompt.id, choice: 'Install' }));
    expect(answered).toMatchObject({ id: prompt.id, state: 'answered', answerStatus: 200 });
    expect((await settled).state).toBe('answered');
    expect(s.answers).toHaveLength(1);
    expect(s.answers[0]!.answer).toEqual({ choice: 'Install' });
    expect(await codeOf(s.handler('interaction.answer', { id: prompt.id, choice: 'Install' }))).toBe('NOT_FOUND');
  });

  it('an answer the server refuses settles the prompt failed; an unreachable server leaves it pending (retryable)', async () => {
    const s = await setup();
    const requested = s.next('interaction.requested');
    await s.handset.openSession(SERVER_ID);
    const prompt = await requested;
    // Someone answered on another screen first: the web component refuses a second answer (409).
    expect(await postShowAnswer(new NodeHttpClient({}), s.showUrl, { choice: 'Later' })).toBe(200);
    const failed = commands['interaction.answer'].output.parse(await s.handler('interaction.answer', { id: prompt.id, choice: 'Install' }));
    expect(failed).toMatchObject({ state: 'failed', answerStatus: 409, reason: 'the server refused the answer (HTTP 409)' });

    const t = await setup();
    const again = t.next('interaction.requested');
    await t.handset.openSession(SERVER_ID);
    const pending = await again;
    await t.closeWeb();
    expect(await codeOf(t.handler('interaction.answer', { id: pending.id, choice: 'Install' }))).toBe('DEVICE_DISCONNECTED');
    expect(commands['interaction.list'].output.parse(await t.handler('interaction.list', undefined)).map((p) => p.state)).toEqual(['pending']);
  });

  it('cancel settles the prompt and sends the server nothing', async () => {
    const s = await setup();
    const requested = s.next('interaction.requested');
    await s.handset.openSession(SERVER_ID);
    const prompt = await requested;
    const cancelled = commands['interaction.cancel'].output.parse(await s.handler('interaction.cancel', { id: prompt.id }));
    expect(cancelled.state).toBe('cancelled');
    expect(s.answers).toEqual([]);
    const list = commands['interaction.list'].output.parse(await s.handler('interaction.list', undefined));
    expect(list.map((p) => p.state)).toEqual(['cancelled']);
  });

  it('a prompt nobody answers expires', async () => {
    const s = await setup({ answerTimeoutMs: 150 });
    const requested = s.next('interaction.requested');
    const settled = s.next('interaction.settled');
    await s.handset.openSession(SERVER_ID);
    const prompt = await requested;
    const expired = await settled;
    expect(expired).toMatchObject({ id: prompt.id, state: 'expired' });
    expect(await codeOf(s.handler('interaction.answer', { id: prompt.id, choice: 'Install' }))).toBe('NOT_FOUND');
    expect(s.answers).toEqual([]);
  });

  it('a SHOW page that cannot be fetched fails the SHOW (status 500 to the server), no prompt', async () => {
    const s = await setup({ missingPage: true });
    const outcome = await s.handset.openSession(SERVER_ID);
    expect(outcome.kind).toBe('completed');
    expect(s.showStatus()).toBe(SHOW_FAILED_STATUS);
    expect(s.seen.filter((e) => e.name === 'interaction.requested')).toEqual([]);
  });
});
