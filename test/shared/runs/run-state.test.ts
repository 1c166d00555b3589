import { describe, expect, it } from 'vitest';
import { isTerminal, nextRunState, parseRunState, RUN_STATES, type RunEvent, type RunState } from '../../../src-shared/runs/run-state.js';

const EVENTS: readonly RunEvent[] = [{ kind: 'start' }, { kind: 'identified' }, { kind: 'bootstrapped' }, { kind: 'first-contact-ok' }, { kind: 'fail', code: 'INTERNAL' }, { kind: 'cancel' }, { kind: 'retry' }, { kind: 'resume' }];

describe('run state machine', () => {
  it('walks the happy path queued → done', () => {
    let s: RunState = 'queued';
    for (const kind of ['start', 'identified', 'bootstrapped', 'first-contact-ok'] as const) {
      const r = nextRunState(s, { kind });
      if (!r.ok) throw r.error;
      s = r.value;
    }
    expect(s).toBe('done');
  });

  it('matches the full transition table', () => {
    const table: Record<string, string> = {};
    for (const s of RUN_STATES) for (const e of EVENTS) {
      const r = nextRunState(s, e);
      if (r.ok) table[`${s}+${e.kind}`] = r.value;
    }
    expect(table).toEqual({
      'queued+start': 'identifying', 'queued+fail': 'failed', 'queued+cancel': 'cancelled', 'queued+resume': 'queued',
      'identifying+identified': 'bootstrapping', 'identifying+fail': 'failed', 'identifying+cancel': 'cancelled', 'identifying+resume': 'queued',
      'bootstrapping+bootstrapped': 'first-contact', 'bootstrapping+fail': 'failed', 'bootstrapping+cancel': 'cancelled', 'bootstrapping+resume': 'queued',
      'first-contact+first-contact-ok': 'done', 'first-contact+fail': 'failed', 'first-contact+cancel': 'cancelled', 'first-contact+resume': 'queued',
      'failed+retry': 'queued', 'cancelled+retry': 'queued',
    });
  });

  it('never lets a done run move, and refuses with a typed error', () => {
    for (const e of EVENTS) {
      const r = nextRunState('done', e);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_REQUEST');
    }
  });

  it('parses stored states and refuses unknown text', () => {
    expect(parseRunState('first-contact')).toEqual({ ok: true, value: 'first-contact' });
    const bad = parseRunState('exploded');
    expect(bad.ok).toBe(false);
    expect(RUN_STATES.filter(isTerminal)).toEqual(['done', 'failed', 'cancelled']);
  });
});
