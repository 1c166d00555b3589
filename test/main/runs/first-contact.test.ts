import { describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../../src-shared/protocol/dm/session/index.js';
import { bootstrapCompleteCheck, serverSessionCheck, SessionWatcher, type FirstContactContext } from '../../../src-main/runs/first-contact.js';
import { fixtureSpec } from './run-harness.js';

const opened = (devId: string): ServerEvent => ({ kind: 'session-opened', sessionId: 's1', devId, trigger: 'client-initiated', notificationId: null, answersNotification: false, mos: [] }) as unknown as ServerEvent;

async function context(devId = 'IMEI:356938039142964'): Promise<FirstContactContext> {
  return { devId, spec: await fixtureSpec(), bootstrap: { kind: 'completed', devId, resumed: false, instances: [], durationMs: 1, attempt: 1, credentials: [] } };
}

describe('first-contact check', () => {
  it('passes on BootstrapComplete alone when no account server is reachable', async () => {
    expect(await bootstrapCompleteCheck(await context())).toEqual({ kind: 'ok', checked: ['bootstrap-complete'] });
    const check = serverSessionCheck({ watcher: new SessionWatcher(), reachableSrvIds: ['not.in.the.description'], timeoutMs: 10 });
    expect(await check(await context())).toEqual({ kind: 'ok', checked: ['bootstrap-complete'] });
  });

  it('waits for the device to open a session to a reachable account server', async () => {
    const watcher = new SessionWatcher();
    const check = serverSessionCheck({ watcher, reachableSrvIds: ['dm.operator.test'], timeoutMs: 5_000 });
    const ctx = await context();
    const pending = check(ctx);
    watcher.onEvent(opened('IMEI:000000000000000')); // another device: not enough
    watcher.onEvent(opened(ctx.devId));
    expect(await pending).toEqual({ kind: 'ok', checked: ['bootstrap-complete', 'session:dm.operator.test'] });
    // A session seen before the check started counts too.
    expect(await check(ctx)).toMatchObject({ kind: 'ok' });
  });

  it('fails with a retryable TRANSPORT_TIMEOUT when no session arrives', async () => {
    const ctx = await context();
    vi.useFakeTimers();
    let r: Awaited<ReturnType<ReturnType<typeof serverSessionCheck>>>;
    try {
      const check = serverSessionCheck({ watcher: new SessionWatcher(), reachableSrvIds: ['dm.operator.test'], timeoutMs: 10_000 });
      const pending = check(ctx);
      await vi.advanceTimersByTimeAsync(10_000);
      r = await pending;
    } finally {
      vi.useRealTimers();
    }
    expect(r).toMatchObject({ kind: 'failed', checked: ['bootstrap-complete'], error: { code: 'TRANSPORT_TIMEOUT', retryable: true } });
  });
});
