import { describe, expect, it } from 'vitest';
import { RtoEstimator } from '../../../src-shared/link/rto.js';

const options = { initialRtoMs: 1000, minRtoMs: 100, maxRtoMs: 8000 };

describe('RtoEstimator (RFC 6298)', () => {
  it('starts at the initial RTO', () => {
    expect(new RtoEstimator(options).rtoMs).toBe(1000);
  });

  it('first sample: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4·RTTVAR', () => {
    const rto = new RtoEstimator(options);
    rto.sample(200);
    expect(rto.smoothedRttMs).toBe(200);
    expect(rto.rtoMs).toBe(600);
  });

  it('later samples: RTTVAR ← ¾RTTVAR + ¼|SRTT−R|, SRTT ← ⅞SRTT + ⅛R', () => {
    const rto = new RtoEstimator(options);
    rto.sample(200);
    rto.sample(400);
    // RTTVAR = 0.75·100 + 0.25·200 = 125; SRTT = 175 + 50 = 225; RTO = 225 + 500 = 725.
    expect(rto.smoothedRttMs).toBe(225);
    expect(rto.rtoMs).toBe(725);
  });

  it('converges on a steady RTT and respects the minimum', () => {
    const rto = new RtoEstimator(options);
    for (let i = 0; i < 100; i++) rto.sample(20);
    expect(rto.smoothedRttMs).toBeCloseTo(20, 5);
    expect(rto.rtoMs).toBe(100);
  });

  it('doubles on each timeout up to the maximum and resets on the next sample', () => {
    const rto = new RtoEstimator(options);
    rto.sample(500); // RTO 1500
    rto.onTimeout();
    expect(rto.rtoMs).toBe(3000);
    rto.onTimeout();
    expect(rto.rtoMs).toBe(6000);
    rto.onTimeout();
    expect(rto.rtoMs).toBe(8000);
    rto.sample(500);
    expect(rto.rtoMs).toBeLessThan(3000);
  });
});
