import { describe, expect, it } from 'vitest';
import { EtaEstimator } from '../../../src-shared/runs/eta.js';

describe('ETA estimator', () => {
  it('uses the first sample, then a moving average', () => {
    const eta = new EtaEstimator({ alpha: 0.5 });
    eta.observe('bootstrapping', 1000);
    expect(eta.meanMs('bootstrapping')).toBe(1000);
    eta.observe('bootstrapping', 2000);
    expect(eta.meanMs('bootstrapping')).toBe(1500);
    eta.observe('bootstrapping', -5);
    eta.observe('bootstrapping', Number.NaN);
    expect(eta.meanMs('bootstrapping')).toBe(1500);
  });

  it('computes slot and batch remaining time', () => {
    const eta = new EtaEstimator({ priorMs: { identifying: 100, bootstrapping: 1000, 'first-contact': 50 } });
    expect(eta.runMs()).toBe(1150);
    expect(eta.slotRemainingMs('bootstrapping', 400)).toBe(650);
    expect(eta.slotRemainingMs('bootstrapping', 5000)).toBe(50);
    expect(eta.slotRemainingMs('identifying', 0)).toBe(1150);
    // 2 active slots, 5 queued over 2 slots = 3 waves.
    expect(eta.batchRemainingMs([650, 50], 5, 2)).toBe(650 + 3 * 1150);
    expect(eta.batchRemainingMs([], 0, 0)).toBe(0);
  });
});
