import { expect } from 'vitest';
import { ProvisioningError, type ErrorCode } from '../../../../src-shared/errors/index.js';

/** Inputs per decoder per test run (issue #3: 10^5). */
export const FUZZ_INPUTS = 100_000;

/** A seeded PRNG (mulberry32); the seed is printed on failure so a run can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** This run's seed: FUZZ_SEED from the environment, else random. */
export function fuzzSeed(): number {
  const env = process.env.FUZZ_SEED;
  return env === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(env);
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Splices, deletes, duplicates and truncates text, favouring tokens from `dict`. */
export function mutateText(seed: string, r: () => number, dict: readonly string[]): string {
  let s = seed;
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0:
        s = s.slice(0, at) + pick(r, dict) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
        break;
      case 2:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at + 1);
        break;
      case 3:
        s = s.slice(0, at);
        break;
      case 4: {
        const from = Math.floor(r() * s.length);
        s = s.slice(0, at) + s.slice(from, from + 1 + Math.floor(r() * 16)) + s.slice(at);
        break;
      }
      case 5:
        s = s.slice(0, at) + pick(r, dict).repeat(1 + Math.floor(r() * 40)) + s.slice(at);
        break;
      default:
        s = s.replace(pick(r, dict), pick(r, dict));
    }
  }
  return s;
}

/** Flips, inserts, deletes and truncates bytes. */
export function mutateBytes(seed: Uint8Array, r: () => number): Uint8Array {
  const b = [...seed];
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (b.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0:
        if (at < b.length) b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
        break;
      case 1:
        b.splice(at, 0, Math.floor(r() * 256));
        break;
      case 2:
        b.splice(at, 1 + Math.floor(r() * 4));
        break;
      case 3:
        b.length = Math.min(b.length, at);
        break;
      default:
        if (at < b.length) b[at] = Math.floor(r() * 256);
    }
  }
  return Uint8Array.from(b);
}

/** Statistics of one fuzz run. */
export interface FuzzStats {
  accepted: number;
  rejected: number;
  maxMs: number;
}

/**
 * Feeds `count` inputs to `decode`: each must return, or throw a ProvisioningError with one of
 * `codes`; anything else fails with the seed and the input. `check` inspects accepted outputs.
 */
export function fuzz<I>(seed: number, count: number, next: (i: number) => I, decode: (input: I) => unknown, codes: readonly ErrorCode[], check: (out: unknown, input: I) => void = () => {}): FuzzStats {
  const stats: FuzzStats = { accepted: 0, rejected: 0, maxMs: 0 };
  for (let i = 0; i < count; i++) {
    const input = next(i);
    const t0 = performance.now();
    let out: unknown;
    let failed: unknown;
    let threw = false;
    try {
      out = decode(input);
    } catch (e) {
      threw = true;
      failed = e;
    }
    let ms = performance.now() - t0;
    // A slow sample may be a GC pause or a busy machine: re-time that input and keep the best.
    for (let retry = 0; retry < 3 && ms > 20; retry++) {
      const t1 = performance.now();
      try {
        decode(input);
      } catch {
        // Same outcome as the first call; only the time matters here.
      }
      ms = Math.min(ms, performance.now() - t1);
    }
    if (ms > stats.maxMs) stats.maxMs = ms;
    if (threw) {
      if (!(failed instanceof ProvisioningError) || !codes.includes(failed.code)) {
        throw new Error(`seed ${seed}, input ${i}: untyped failure ${String(failed)} for ${JSON.stringify(describe(input)).slice(0, 400)}`, { cause: failed });
      }
      stats.rejected++;
    } else {
      check(out, input);
      stats.accepted++;
    }
  }
  return stats;
}

function describe(input: unknown): unknown {
  return input instanceof Uint8Array ? Buffer.from(input).toString('hex') : input;
}

/** Asserts that nothing polluted Object.prototype during a run. */
export function expectPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Asserts every object reachable from `value` is a plain (or null-prototype) object, array, Map or bytes. */
export function expectInert(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 200) return;
  const proto = Object.getPrototypeOf(value);
  const ok = proto === Object.prototype || proto === null || Array.isArray(value) || value instanceof Map || value instanceof Uint8Array;
  if (!ok) throw new Error(`unexpected prototype in decoder output: ${String(proto?.constructor?.name)}`);
  if (value instanceof Map) for (const v of value.values()) expectInert(v, depth + 1);
  else if (!(value instanceof Uint8Array)) for (const v of Object.values(value)) expectInert(v, depth + 1);
}
