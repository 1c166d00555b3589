import { describe, expect, it } from 'vitest';
import { AtEngine, type AtEvent } from '../../../src-shared/at/at-engine.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { ascii } from './scripted-modem.js';

function run(engine: AtEngine, nowMs = 0): { written: string[]; events: AtEvent[] } {
  const r = engine.poll(nowMs);
  return { written: r.output.map((b) => String.fromCharCode(...b)), events: r.events };
}

describe('AT engine', () => {
  it('writes one command at a time and collects information lines', () => {
    const at = new AtEngine();
    const a = at.enqueue('+CGSN');
    const b = at.enqueue('AT+CGMI');
    expect(run(at).written).toEqual(['AT+CGSN\r']);
    at.receive(ascii('\r\n490154203237518\r\n\r\nOK\r\n'));
    const step = run(at);
    expect(step.events).toEqual([{ kind: 'result', id: a, command: 'AT+CGSN', result: { status: 'final', final: { kind: 'ok' }, lines: ['490154203237518'] } }]);
    expect(step.written).toEqual(['AT+CGMI\r']);
    expect(b).toBe(a + 1);
  });

  it('skips the echo when echo is on, and works when it is off', () => {
    const at = new AtEngine();
    at.enqueue('+CGMR');
    run(at);
    at.receive(ascii('AT+CGMR\r\r\nREV 1\r\n\r\nOK\r\n'));
    expect(run(at).events[0]).toMatchObject({ result: { lines: ['REV 1'] } });
  });

  it('splits lines on CR, LF or CRLF, across arbitrary chunk boundaries', () => {
    const text = 'AT+CGMM\r\nMODEL-X\rline two\n\r\nOK\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const at = new AtEngine();
      at.enqueue('+CGMM');
      run(at);
      at.receive(ascii(text.slice(0, cut)));
      const first = run(at).events;
      at.receive(ascii(text.slice(cut)));
      const events = [...first, ...run(at).events];
      expect(events).toEqual([expect.objectContaining({ result: { status: 'final', final: { kind: 'ok' }, lines: ['MODEL-X', 'line two'] } })]);
    }
  });

  it('routes URCs to events between and inside responses', () => {
    const at = new AtEngine();
    at.enqueue('+CSIM=10,"00A4040000"');
    run(at);
    at.receive(ascii('\r\n+CREG: 1,"00C3","0010A5B1",7\r\n+CSIM: 4,"9000"\r\nRING\r\n+CMTI: "SM",3\r\n\r\nOK\r\n+CEREG: 5\r\n'));
    const { events } = run(at);
    expect(events.filter((e) => e.kind === 'urc').map((e) => e.kind === 'urc' && e.name)).toEqual(['+CREG', 'RING', '+CMTI', '+CEREG']);
    expect(events.find((e) => e.kind === 'result')).toMatchObject({ result: { lines: ['+CSIM: 4,"9000"'] } });
  });

  it("treats a command's own prefix as its answer, not a URC", () => {
    const at = new AtEngine();
    at.enqueue('+CREG?');
    run(at);
    at.receive(ascii('\r\n+CREG: 0,1\r\n\r\nOK\r\n'));
    expect(run(at).events).toEqual([expect.objectContaining({ kind: 'result', result: { status: 'final', final: { kind: 'ok' }, lines: ['+CREG: 0,1'] } })]);
  });

  it.each([
    ['ERROR', { kind: 'error' }],
    ['+CME ERROR: 10', { kind: 'cme-error', error: { code: 10, message: 'SIM not inserted', category: 'sim-absent' } }],
    ['+CME ERROR: SIM PIN required', { kind: 'cme-error', error: { code: 11, message: 'SIM PIN required', category: 'sim-locked' } }],
    ['+CME ERROR: 999', { kind: 'cme-error', error: { code: 999, message: 'error 999', category: 'network' } }],
    ['+CME ERROR: vendor thing', { kind: 'cme-error', error: { code: undefined, message: 'vendor thing', category: 'other' } }],
    ['+CMS ERROR: 310', { kind: 'cms-error', code: 310, message: 'SMS error 310' }],
  ])('decodes the final result %s', (line, final) => {
    const at = new AtEngine();
    at.enqueue('+CIMI');
    run(at);
    at.receive(ascii(`\r\n${line}\r\n`));
    expect(run(at).events[0]).toMatchObject({ kind: 'result', result: { status: 'final', final } });
  });

  it('ends a dial with NO CARRIER, but reports it as a URC during other commands', () => {
    const at = new AtEngine();
    at.enqueue('D+1234;');
    run(at);
    at.receive(ascii('\r\nNO CARRIER\r\n'));
    expect(run(at).events[0]).toMatchObject({ kind: 'result', result: { status: 'final', final: { kind: 'call-failed', text: 'NO CARRIER' } } });
    at.enqueue('+CGMI');
    run(at);
    at.receive(ascii('\r\nNO CARRIER\r\nACME\r\nOK\r\n'));
    const { events } = run(at);
    expect(events.map((e) => e.kind)).toEqual(['urc', 'result']);
    expect(events[1]).toMatchObject({ result: { lines: ['ACME'] } });
  });

  it('drops a late answer after a timeout instead of giving it to the next command', () => {
    const at = new AtEngine({ defaultTimeoutMs: 100, settleAfterTimeoutMs: 200 });
    at.enqueue('+CGSN');
    at.enqueue('+CGMI');
    at.poll(0);
    const timedOut = at.poll(100);
    expect(timedOut.events[0]).toMatchObject({ result: { status: 'timeout' } });
    expect(timedOut.output).toEqual([]);
    expect(timedOut.nextDeadlineMs).toBe(300);
    at.receive(ascii('\r\n490154203237518\r\n+CREG: 1\r\nOK\r\n'));
    const late = at.poll(150);
    expect(late.events).toEqual([{ kind: 'urc', line: '+CREG: 1', name: '+CREG' }]);
    expect(String.fromCharCode(...late.output[0]!)).toBe('AT+CGMI\r'); // the late OK ended the settle early
    at.receive(ascii('\r\nACME\r\nOK\r\n'));
    expect(at.poll(160).events[0]).toMatchObject({ result: { status: 'final', lines: ['ACME'] } });
  });

  it('lets one command wait longer for its late answer than the engine default (a wake AT)', () => {
    const at = new AtEngine({ defaultTimeoutMs: 100, settleAfterTimeoutMs: 30 });
    at.enqueue('AT', { timeoutMs: 150, settleMs: 300 });
    at.enqueue('+CGMI');
    at.poll(0);
    const timedOut = at.poll(150);
    expect(timedOut.events[0]).toMatchObject({ result: { status: 'timeout' } });
    expect(timedOut.nextDeadlineMs).toBe(450);
    expect(at.poll(400).output).toEqual([]); // past the engine's 30 ms, still waiting for the late OK
    at.receive(ascii('\r\nOK\r\n'));
    const late = at.poll(420);
    expect(String.fromCharCode(...late.output[0]!)).toBe('AT+CGMI\r');
    at.receive(ascii('\r\nACME\r\nOK\r\n'));
    expect(at.poll(430).events[0]).toMatchObject({ result: { status: 'final', lines: ['ACME'] } });
  });

  it('times each command out at its own deadline and moves on', () => {
    const at = new AtEngine({ defaultTimeoutMs: 1000, settleAfterTimeoutMs: 0 });
    at.enqueue('+COPS=?', { timeoutMs: 180_000 });
    at.enqueue('+CGMI');
    const first = at.poll(0);
    expect(first.nextDeadlineMs).toBe(180_000);
    expect(at.poll(179_999).events).toEqual([]);
    const late = at.poll(180_000);
    expect(late.events).toEqual([{ kind: 'result', id: 1, command: 'AT+COPS=?', result: { status: 'timeout', lines: [] } }]);
    expect(late.nextDeadlineMs).toBe(181_000);
    expect(String.fromCharCode(...late.output[0]!)).toBe('AT+CGMI\r');
  });

  it('reports lines with no command running as unsolicited', () => {
    const at = new AtEngine();
    at.receive(ascii('\r\nRDY\r\n+CPIN: READY\r\nsomething odd\r\n'));
    expect(run(at).events.map((e) => e.kind === 'urc' && e.name)).toEqual(['RDY', '+CPIN', 'SOMETHING ODD']);
  });

  it('cancels queued and running commands', () => {
    const at = new AtEngine();
    at.enqueue('+CGMI');
    at.enqueue('+CGMM');
    run(at);
    at.cancelAll(new ProvisioningError('DEVICE_DISCONNECTED', 'gone'));
    const { events, written } = run(at);
    expect(events.map((e) => e.kind === 'result' && e.result.status)).toEqual(['cancelled', 'cancelled']);
    expect(written).toEqual([]);
    expect(at.pendingCount).toBe(0);
  });

  it('refuses command text that would split on the wire', () => {
    const at = new AtEngine();
    expect(() => at.enqueue('+CGMI\rAT+CFUN=0')).toThrowError(ProvisioningError);
  });

  it('survives 10^5 fuzzed response streams with only typed outcomes', () => {
    let seed = 4242;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['\r', '\n', '\r\n', 'OK', 'ERROR', '+CME ERROR: ', '+CMS ERROR: ', '+CREG: 1', 'RING', 'AT+CGSN', '+CSIM: 4,"9000"', '"', ',', '12', 'SIM PIN required', '\x00', '\xff', '> '];
    const at = new AtEngine({ defaultTimeoutMs: 50 });
    let results = 0;
    let slowest = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      if (at.pendingCount < 2) at.enqueue(rand(2) ? '+CGSN' : '+CREG?');
      let text = '';
      const n = rand(6);
      for (let k = 0; k < n; k++) text += rand(5) === 0 ? String.fromCharCode(rand(256)) : pieces[rand(pieces.length)]!;
      at.receive(ascii(text));
      const t0 = performance.now();
      const r = at.poll(i * 10);
      slowest = Math.max(slowest, performance.now() - t0);
      for (const e of r.events) {
        kinds.add(e.kind);
        if (e.kind === 'result') results++;
      }
    }
    expect([...kinds].sort()).toEqual(['result', 'urc']);
    expect(results).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(100);
  });
});
