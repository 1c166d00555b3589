import { describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../../src-shared/domain/imei.js';
import { BOOTSTRAP_ACCOUNT_MIID } from '../../../src-shared/bootstrap/cable-constants.js';
import { AtLineBuffer, answerAt } from '../../../src-main/sim/at-responder.js';
import { parseFaults } from '../../../src-main/sim/sim-cli.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';

describe('simulated handset identity and AT answers', () => {
  it('derives realistic, valid, seed-stable identities', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const id = simIdentity(seed);
      expect(id.imei).toMatch(/^35693803\d{7}$/);
      expect(isLuhnValid(id.imei)).toBe(true);
      expect(id.imsi).toMatch(/^00101\d{10}$/);
      expect(id.iccid).toMatch(/^89\d{17}$/);
      expect(isLuhnValid(id.iccid)).toBe(true);
      seen.add(id.imei);
    }
    expect(seen.size).toBeGreaterThan(190);
    expect(simIdentity(5)).toEqual(simIdentity(5));
    expect(simIdentity(5, { imei: '356938035643809' }).imei).toBe('356938035643809');
  });

  it('answers the 27.007 identity commands, +BBSTATE? and switches on AT+BBLINK', () => {
    const id = simIdentity(1);
    expect(answerAt('AT+CGSN', id, 'factory')).toEqual({ text: `\r\n${id.imei}\r\n\r\nOK\r\n`, switchToLink: false });
    expect(answerAt('at+ccid', id, 'factory').text).toContain(`+CCID: ${id.iccid}`);
    expect(answerAt('AT+BBSTATE?', id, 'bootstrapped').text).toContain('+BBSTATE: bootstrapped');
    expect(answerAt('AT+BBLINK', id, 'factory')).toEqual({ text: '\r\nOK\r\n', switchToLink: true });
    expect(answerAt('AT+CFUN=0', id, 'factory').text).toBe('\r\nERROR\r\n');
    expect(BOOTSTRAP_ACCOUNT_MIID).toBe('bootstrap');
  });

  it('splits command lines across chunks', () => {
    const b = new AtLineBuffer();
    expect(b.push(new TextEncoder().encode('AT+CG'))).toEqual([]);
    expect(b.push(new TextEncoder().encode('MI\rAT\r\n'))).toEqual(['AT+CGMI', 'AT']);
  });

  it('parses --fault values and refuses bad ones with INVALID_REQUEST', () => {
    expect(parseFaults(['hangup-at=100', 'corrupt=0.01', 'stall=50', 'slow=5'])).toEqual({ hangupAt: 100, corruptRate: 0.01, stallMs: 50, slowMs: 5 });
    for (const bad of ['hangup-at=-1', 'corrupt=2', 'wobble=1', 'stall=abc']) expect(() => parseFaults([bad])).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
