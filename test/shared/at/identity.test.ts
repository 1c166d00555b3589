import { describe, expect, it } from 'vitest';
import { AtEngine, type AtResult } from '../../../src-shared/at/at-engine.js';
import type { AtExecutor } from '../../../src-shared/at/at-outcome.js';
import { queryIdentity } from '../../../src-shared/at/identity.js';
import { ascii, CommandReader, HEALTHY_MODEM, scriptedReply, TEST_IMEI, type ScriptedModemOptions } from './scripted-modem.js';

/** Executes commands through a real AtEngine against the scripted modem, in memory. */
function executorFor(modem: ScriptedModemOptions, silentOn?: string): { exec: AtExecutor; sent: string[] } {
  const engine = new AtEngine({ defaultTimeoutMs: 100 });
  const reader = new CommandReader();
  const sent: string[] = [];
  let now = 0;
  const exec: AtExecutor = async (command) => {
    const id = engine.enqueue(command);
    for (;;) {
      const r = engine.poll(now);
      for (const bytes of r.output) {
        for (const line of reader.push(bytes)) {
          sent.push(line);
          if (line !== silentOn) engine.receive(ascii(scriptedReply(line, modem)));
        }
      }
      const done = r.events.find((e): e is Extract<typeof e, { kind: 'result' }> => e.kind === 'result' && e.id === id);
      if (done !== undefined) return done.result as AtResult;
      now = r.nextDeadlineMs ?? now;
    }
  };
  return { exec, sent };
}

describe('queryIdentity', () => {
  it('reads manufacturer, model, revision, IMEI, IMSI and falls through ICCID variants', async () => {
    const { exec, sent } = executorFor({ answers: HEALTHY_MODEM, echo: true, urcInside: '+CREG: 1' });
    const r = await queryIdentity(exec);
    expect(r).toEqual({
      ok: true,
      value: { manufacturer: 'Bootbench Modems Inc.', model: 'BB-LTE-1', revision: 'BB1.2.3', imei: TEST_IMEI, imsi: '001010123456789', iccid: '8988211000000000001', notes: [] },
    });
    expect(sent).toEqual(['AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+CGSN', 'AT+CIMI', 'AT+CCID', 'AT+ICCID', 'AT+QCCID']);
  });

  it('reads the ICCID from EF ICCID via +CRSM and records refusals as notes', async () => {
    const answers = { ...HEALTHY_MODEM, '+QCCID': 'ERROR', '+CIMI': '+CME ERROR: 10', '+CGSN': '490154203237519\r\n\r\nOK', '+CRSM=176,12258,0,0,10': '+CRSM: 144,0,"98101430121181157002"\r\n\r\nOK' };
    const { exec } = executorFor({ answers });
    const r = await queryIdentity(exec);
    expect(r.ok && r.value).toMatchObject({ iccid: '89014103211118510720', notes: ['+CGSN: not a valid IMEI (490154203237519)', '+CIMI: SIM not inserted'] });
    expect(r.ok && r.value.imei).toBeUndefined();
  });

  it('fails with TRANSPORT_TIMEOUT when the modem stops answering', async () => {
    const { exec } = executorFor({ answers: HEALTHY_MODEM }, 'AT+CGMR');
    const r = await queryIdentity(exec);
    expect(r.ok ? undefined : r.error.code).toBe('TRANSPORT_TIMEOUT');
  });
});
