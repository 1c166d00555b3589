import { request as httpRequest } from 'node:http';
import { connect, type ConnectionOptions } from 'node:tls';
import type { Clock, Random } from '../../../src-shared/ports/clock.js';
import type { HttpHandler, HttpResponse } from '../../../src-shared/ports/http.js';
import type { Refusal } from '../../../src-main/dm/refusal.js';
import { randomBytes } from 'node:crypto';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public ms = 1_700_000_000_000) {}
  nowMs(): number {
    return this.ms;
  }
  monotonicMs(): number {
    return this.ms;
  }
}

/** CSPRNG-backed Random. */
export const cryptoRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** Handler answering 200 with the peer identity as JSON. */
export const echoPeer: HttpHandler = async (req, peer): Promise<HttpResponse> => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify({ method: req.method, url: req.url, bytes: req.body.length, peer })),
});

/** Collects refusals and lets a test await the next one. */
export class RefusalLog {
  readonly all: Refusal[] = [];
  private waiters: Array<(r: Refusal) => void> = [];
  readonly listener = (r: Refusal): void => {
    this.all.push(r);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f(r);
  };
  /** Resolves with the first refusal at index >= `from` that satisfies `pred` (rejects after 5 s, as a guard). */
  waitFor(from: number, pred: (r: Refusal) => boolean): Promise<Refusal> {
    const found = this.all.slice(from).find(pred);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching refusal; got ${JSON.stringify(this.all.slice(from))}`)), 5000);
      const check = (r: Refusal) => {
        if (pred(r)) {
          clearTimeout(timer);
          resolve(r);
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }
  /** Resolves with the first refusal recorded after index `from`. */
  next(from: number): Promise<Refusal> {
    const have = this.all[from];
    if (have !== undefined) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.all[from]!)));
  }
}

/** Plain HTTP exchange with exact headers (no client logic), for replay and hostile-input tests. */
export function rawHttp(url: string, method: string, headers: Record<string, string>, body: string | Uint8Array = ''): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Outcome of a raw TLS handshake attempt. */
export interface HandshakeOutcome {
  readonly ok: boolean;
  readonly protocol?: string | null;
  readonly error?: string;
}

/** Attempts a TLS handshake and closes; never rejects. */
export function tryHandshake(options: ConnectionOptions): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const s = connect(options, () => {
      const protocol = s.getProtocol();
      s.end();
      resolve({ ok: true, protocol });
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, error: e.code ?? e.message }));
  });
}
