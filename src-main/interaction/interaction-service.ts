import type { DeviceId } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { InteractionPrompt, PromptAnswer } from '../../src-shared/ipc/areas/interaction.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { Random } from '../../src-shared/ports/clock.js';
import type { HttpClient } from '../../src-shared/ports/http.js';
import type { ShowRequest, UserInteraction } from '../../src-shared/protocol/dm/session/client-ports.js';
import { postShowAnswer } from '../../src-shared/protocol/dm/session/show.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { readShowPage } from './show-page.js';

/** Options of {@link InteractionService}. */
export interface InteractionServiceOptions {
  /** Fetches SHOW pages and posts answers (the station's HTTP client). */
  readonly http: HttpClient;
  /** Publishes `interaction.requested` / `interaction.settled`. */
  readonly publish: (event: 'interaction.requested' | 'interaction.settled', prompt: InteractionPrompt) => void;
  readonly now: () => number;
  readonly random: Random;
  /** How long a prompt waits for the user before it expires. @default 300_000 */
  readonly answerTimeoutMs?: number;
  /** Longest wait for a SHOW page. @default 10_000 */
  readonly fetchTimeoutMs?: number;
  /** Settled prompts kept for `interaction.list`. @default 50 */
  readonly keepSettled?: number;
}

/** Who a SHOW came to. */
export interface ShowOrigin {
  readonly deviceId?: DeviceId;
  readonly slot?: string;
}

interface Open {
  prompt: InteractionPrompt;
  readonly url: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  posting: boolean;
}

const originOf = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The station's Web Browser Component for SHOW (digest §9, docs/show.md): a device's client engine
 * hands it a SHOW URL through the {@link UserInteraction} port; the service fetches the page,
 * reads its prompt and raises `interaction.requested` (the session goes on at once); the user's
 * answer is POSTed to the SHOW URL's web server component (`postShowAnswer`); a prompt nobody
 * answers expires. The SHOW URL (a capability: it carries the UI session) never leaves main.
 */
export class InteractionService {
  readonly #open = new Map<string, Open>();
  readonly #settled: InteractionPrompt[] = [];
  #closed = false;

  constructor(private readonly o: InteractionServiceOptions) {}

  /** The UserInteraction port for the client engine of one device on the bench. */
  port(origin: ShowOrigin = {}): UserInteraction {
    return { show: (request, signal) => this.show(request, origin, signal) };
  }

  /** Shows a SHOW page: resolves `launched` once the prompt is raised, `failed` when it cannot be. */
  async show(request: ShowRequest, origin: ShowOrigin = {}, signal?: AbortSignalLike): Promise<'launched' | 'failed'> {
    const serverOrigin = originOf(request.url);
    if (this.#closed || serverOrigin === undefined) return 'failed';
    let html: string;
    try {
      const response = await this.o.http.send({ method: 'GET', url: request.url, headers: { accept: 'text/html' }, body: new Uint8Array() }, signal ?? AbortSignal.timeout(this.o.fetchTimeoutMs ?? 10_000));
      const media = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (response.status !== 200 || (media !== 'text/html' && media !== 'application/xhtml+xml')) return 'failed';
      html = new TextDecoder().decode(response.body.subarray(0, 65536));
    } catch {
      return 'failed';
    }
    const view = readShowPage(html);
    const now = this.o.now();
    const prompt: InteractionPrompt = {
      id: toHex(this.o.random.bytes(12)),
      ...(origin.deviceId === undefined ? {} : { deviceId: origin.deviceId }),
      ...(origin.slot === undefined ? {} : { slot: origin.slot }),
      serverId: request.serverId.slice(0, 256),
      serverOrigin,
      title: view.title,
      question: view.question,
      choices: [...view.choices],
      fields: [...view.fields],
      requestedAtMs: now,
      deadlineMs: now + (this.o.answerTimeoutMs ?? 300_000),
      state: 'pending',
    };
    const entry: Open = { prompt, url: request.url, timer: undefined, posting: false };
    entry.timer = setTimeout(() => this.#settle(entry, { state: 'expired', reason: 'nobody answered in time' }), prompt.deadlineMs - now);
    entry.timer.unref?.();
    this.#open.set(prompt.id, entry);
    this.o.publish('interaction.requested', prompt);
    return 'launched';
  }

  /** Pending prompts (oldest first), then settled ones (newest first). */
  list(): InteractionPrompt[] {
    return [...[...this.#open.values()].map((e) => e.prompt), ...[...this.#settled].reverse()];
  }

  /**
   * Posts the user's answer to the server's web server component.
   *
   * @throws ProvisioningError `NOT_FOUND` (unknown or settled prompt), `INVALID_REQUEST` (a choice
   *   not offered, a field not asked for), `DEVICE_BUSY` (an answer is already under way); a
   *   transport failure leaves the prompt pending (`TRANSPORT_TIMEOUT`/`DEVICE_DISCONNECTED`, retryable).
   */
  async answer(answer: PromptAnswer, signal?: AbortSignalLike): Promise<InteractionPrompt> {
    const entry = this.#entry(answer.id);
    const { prompt } = entry;
    if (!prompt.choices.includes(answer.choice)) throw new ProvisioningError('INVALID_REQUEST', 'that choice was not offered', { details: { id: prompt.id } });
    const unknown = Object.keys(answer.fields ?? {}).filter((name) => !prompt.fields.some((f) => f.name === name));
    if (unknown.length > 0) throw new ProvisioningError('INVALID_REQUEST', 'the answer fills fields the page did not ask for', { details: { id: prompt.id } });
    if (entry.posting) throw new ProvisioningError('DEVICE_BUSY', 'this prompt is being answered already', { retryable: true });
    entry.posting = true;
    let status: number;
    try {
      status = await postShowAnswer(this.o.http, entry.url, answer.fields === undefined ? { choice: answer.choice } : { choice: answer.choice, fields: answer.fields }, signal);
    } catch (error) {
      throw error instanceof ProvisioningError ? error : new ProvisioningError('DEVICE_DISCONNECTED', 'the server could not be reached', { retryable: true });
    } finally {
      entry.posting = false;
    }
    if (status >= 200 && status < 300) return this.#settle(entry, { state: 'answered', answerStatus: status });
    return this.#settle(entry, { state: 'failed', answerStatus: status, reason: `the server refused the answer (HTTP ${status})` });
  }

  /** The user dismissed the prompt; nothing is sent to the server. */
  cancel(id: string): InteractionPrompt {
    return this.#settle(this.#entry(id), { state: 'cancelled' });
  }

  /** Expires every pending prompt and stops taking new ones. */
  close(): void {
    this.#closed = true;
    for (const entry of [...this.#open.values()]) this.#settle(entry, { state: 'expired', reason: 'the station stopped' });
  }

  #entry(id: string): Open {
    const entry = this.#open.get(id);
    if (entry === undefined) throw new ProvisioningError('NOT_FOUND', 'no such prompt is waiting (answered, cancelled or expired)', { details: { id: id.slice(0, 64) } });
    return entry;
  }

  #settle(entry: Open, change: Pick<InteractionPrompt, 'state'> & Partial<Pick<InteractionPrompt, 'answerStatus' | 'reason'>>): InteractionPrompt {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.#open.delete(entry.prompt.id);
    const settled: InteractionPrompt = { ...entry.prompt, ...change };
    entry.prompt = settled;
    this.#settled.push(settled);
    if (this.#settled.length > (this.o.keepSettled ?? 50)) this.#settled.shift();
    this.o.publish('interaction.settled', settled);
    return settled;
  }
}
