import { describe, expect, it } from 'vitest';
import { backoffDelay, recordFailure } from '../../../../electron/core/supervisor/crash-policy.js';

const s = { backoffInitialMs: 100, backoffMaxMs: 1000, crashLoopMaxRestarts: 3, crashLoopWindowMs: 10_000 };

describe('crash policy', () => {
  it('doubles the delay and caps it', () => {
    expect([0, 1, 2, 3, 4, 40].map((n) => backoffDelay(n, s))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('restarts up to crashLoopMaxRestarts times within the window, then gives up', () => {
    let failures: number[] = [];
    const decisions = [0, 1, 2, 3].map((i) => {
      const r = recordFailure(failures, 1000 + i, null, s);
      failures = r.failures;
      return r.decision;
    });
    expect(decisions).toEqual([
      { action: 'restart', delayMs: 100 },
      { action: 'restart', delayMs: 200 },
      { action: 'restart', delayMs: 400 },
      { action: 'give-up' },
    ]);
  });

  it('forgets failures older than the window', () => {
    const r = recordFailure([0, 1, 2], 20_000, null, s);
    expect(r.failures).toEqual([20_000]);
    expect(r.decision).toEqual({ action: 'restart', delayMs: 100 });
  });

  it('a run longer than the window resets the count', () => {
    const r = recordFailure([5000, 6000, 7000], 14_000, 3000, s);
    expect(r.failures).toEqual([14_000]);
    expect(r.decision).toEqual({ action: 'restart', delayMs: 100 });
    // A short run does not.
    expect(recordFailure([5000, 6000, 7000], 14_000, 13_000, s).decision).toEqual({ action: 'give-up' });
  });
});
