/**
 * User interaction end to end (digest §9): the server's Web Server Component that a SHOW URL
 * points at, and the station-side call that delivers the user's answer to it.
 *
 * Flow: the server app opens a UI session (`ShowEndpoint.open`) and sends `SHOW <url>`; the
 * client hands the URL to its `UserInteraction` port (the station raises a UI event); the UI
 * renders the page and, once the user answers, calls `postShowAnswer`; the endpoint validates it
 * and calls `onAnswer`, where the server app decides follow-up commands (often for a later
 * session). The DM session never waits for the user.
 */
import { z } from 'zod';
import type { AbortSignalLike } from '../../../ports/abort.js';
import type { HttpClient, HttpHandler, HttpRequest, HttpResponse, PeerIdentity } from '../../../ports/http.js';
import { toHex } from '../../../util/bytes.js';
import type { Random } from '../../../ports/clock.js';
import { parseJsonText } from '../json.js';
import { utf8Encode } from '../text.js';
import { bodyResponse, bodyText, header, mediaTypeOf, pathOf, queryOf, textResponse } from './http-util.js';
import { SHOW_ANSWER_MEDIA_TYPE } from './session-decisions.js';

/** The user's answer to a SHOW page. */
export interface ShowAnswer {
  readonly choice: string;
  readonly fields?: Readonly<Record<string, string>>;
}

const answerSchema = z.strictObject({ choice: z.string().min(1).max(256), fields: z.record(z.string().max(256), z.string().max(4096)).optional() });

/** What a UI session shows. */
export interface ShowPage {
  readonly title: string;
  readonly question: string;
  readonly choices: readonly string[];
}

/** An answer as the server app receives it. */
export interface ReceivedAnswer {
  readonly uiSession: string;
  readonly answer: ShowAnswer;
  readonly peer: PeerIdentity;
}

/**
 * Delivers the user's answer to the SHOW URL's web server component (HTTP POST, JSON). Resolves
 * with the HTTP status; rejects only on transport failure.
 */
export async function postShowAnswer(http: HttpClient, url: string, answer: ShowAnswer, signal?: AbortSignalLike): Promise<number> {
  const r = await http.send({ method: 'POST', url, headers: { 'content-type': SHOW_ANSWER_MEDIA_TYPE }, body: utf8Encode(JSON.stringify(answer)) }, signal);
  return r.status;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The server's Web Server Component for SHOW: pages per UI session, answers to a callback. */
export class ShowEndpoint {
  readonly #pages = new Map<string, ShowPage>();
  readonly #answered = new Set<string>();

  constructor(
    private readonly init: { readonly baseUrl: string; readonly random: Random; readonly onAnswer: (answer: ReceivedAnswer) => void },
  ) {}

  /** Opens a UI session and returns the URL to send in SHOW. */
  open(page: ShowPage): string {
    const token = toHex(this.init.random.bytes(12));
    this.#pages.set(token, page);
    return `${this.init.baseUrl}?ui=${token}`;
  }

  /** The HTTP handler (never rejects). */
  readonly handler: HttpHandler = (request, peer) => {
    try {
      return Promise.resolve(this.#handle(request, peer));
    } catch {
      return Promise.resolve(textResponse(500, 'internal error'));
    }
  };

  #handle(request: HttpRequest, peer: PeerIdentity): HttpResponse {
    if (pathOf(request.url) !== pathOf(this.init.baseUrl)) return textResponse(404, 'not a UI endpoint');
    const token = /(?:^|&)ui=([0-9a-f]{1,64})(?:&|$)/.exec(queryOf(request.url))?.[1];
    const page = token === undefined ? undefined : this.#pages.get(token);
    if (token === undefined || page === undefined) return textResponse(404, 'unknown UI session');
    if (request.method === 'GET') {
      const choices = page.choices.map((c) => `<button name="choice" value="${escape(c)}">${escape(c)}</button>`).join('');
      return bodyResponse(200, 'text/html; charset=utf-8', `<!doctype html><title>${escape(page.title)}</title><h1>${escape(page.title)}</h1><p>${escape(page.question)}</p><form method="post">${choices}</form>`);
    }
    if (request.method !== 'POST') return textResponse(405, 'GET or POST only', { allow: 'GET, POST' });
    if (mediaTypeOf(header(request.headers, 'content-type')) !== SHOW_ANSWER_MEDIA_TYPE) return textResponse(415, `answers are ${SHOW_ANSWER_MEDIA_TYPE}`);
    if (this.#answered.has(token)) return textResponse(409, 'this UI session was already answered');
    const text = bodyText(request.body);
    if (text === undefined || text.length > 16384) return textResponse(400, 'answer is not UTF-8 or too long');
    let value: unknown;
    try {
      value = parseJsonText(text, 16384, 'answer');
    } catch {
      return textResponse(400, 'answer is not JSON');
    }
    const parsed = answerSchema.safeParse(value);
    if (!parsed.success) return textResponse(400, 'answer must be {"choice": string, "fields"?: {string: string}}');
    if (!page.choices.includes(parsed.data.choice)) return textResponse(400, 'choice is not one of the offered choices');
    this.#answered.add(token);
    const answer: ShowAnswer = parsed.data.fields === undefined ? { choice: parsed.data.choice } : { choice: parsed.data.choice, fields: parsed.data.fields };
    this.init.onAnswer({ uiSession: token, answer, peer });
    return textResponse(200, 'answer received');
  }
}
