import { describe, expect, it } from 'vitest';
import { backoffDelay, CrashPolicy, recordFailure } from '../../../../electron/core/supervisor/crash-policy.js';
import { DEFAULT_SETTINGS } from '../../../../shared/config-schema-settings.js';
import { TestClock } from '../../../helpers/test-clock.js';

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

describe('CrashPolicy in virtual time (default settings: 5 restarts in 120 s, 1 s doubling to 60 s)', () => {
  const defaults = {
    backoffInitialMs: DEFAULT_SETTINGS.backoffInitialMs,
    backoffMaxMs: DEFAULT_SETTINGS.backoffMaxMs,
    crashLoopMaxRestarts: DEFAULT_SETTINGS.crashLoopMaxRestarts,
    crashLoopWindowMs: DEFAULT_SETTINGS.crashLoopWindowMs,
  };

  /** A child that crashes `times` times, `runMs` after each restart; the decisions in order. */
  async function crashLoop(times: number, runMs: number, settings = defaults) {
    const clock = new TestClock(0);
    const policy = new CrashPolicy(() => settings, clock);
    const out: (number | 'give-up')[] = [];
    let startedAt = clock.now();
    for (let i = 0; i < times; i++) {
      await clock.advance(runMs);
      const d = policy.decide(clock.now(), startedAt);
      if (d.action === 'give-up') {
        out.push('give-up');
        break;
      }
      out.push(d.delayMs);
      let restarted = false;
      policy.schedule(d.delayMs, () => (restarted = true));
      await clock.advance(d.delayMs - 1);
      expect(restarted).toBe(false);
      await clock.advance(1);
      expect(restarted).toBe(true);
      startedAt = clock.now();
    }
    return out;
  }

  it('backs off 1, 2, 4, 8, 16 s and gives up on the 6th failure within the window', async () => {
    expect(await crashLoop(6, 100)).toEqual([1000, 2000, 4000, 8000, 16000, 'give-up']);
  });

  it('keeps restarting when the failures are spread beyond the window', async () => {
    // Each run lasts 30 s: after the backoff, only 4 failures ever fall inside 120 s.
    const out = await crashLoop(12, 30_000);
    expect(out).not.toContain('give-up');
    expect(out).toHaveLength(12);
  });

  it('a run that outlasts the window forgives the past: the delay starts over', async () => {
    const out = await crashLoop(3, 100);
    expect(out).toEqual([1000, 2000, 4000]);
    const clock = new TestClock(0);
    const policy = new CrashPolicy(() => defaults, clock);
    for (const at of [0, 1000, 3000]) policy.decide(at, null);
    expect(policy.decide(200_000, 10_000)).toEqual({ action: 'restart', delayMs: 1000 });
  });

  it('caps the delay at backoffMaxMs', async () => {
    const settings = { ...defaults, crashLoopMaxRestarts: 20, crashLoopWindowMs: 10_000_000 };
    const out = await crashLoop(9, 10, settings);
    expect(out).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('a cancelled restart never runs, and a new schedule replaces the pending one', async () => {
    const clock = new TestClock(0);
    const policy = new CrashPolicy(() => defaults, clock);
    const runs: string[] = [];
    policy.schedule(1000, () => runs.push('first'));
    policy.schedule(500, () => runs.push('second'));
    expect(clock.pending()).toEqual([500]);
    await clock.advance(2000);
    expect(runs).toEqual(['second']);
    expect(policy.pending).toBe(false);
    policy.schedule(1000, () => runs.push('third'));
    policy.cancel();
    await clock.advance(5000);
    expect(runs).toEqual(['second']);
    expect(clock.pending()).toEqual([]);
  });

  it('reset() after a manual start forgives earlier failures', () => {
    const policy = new CrashPolicy(() => defaults, new TestClock(0));
    for (let i = 0; i < 5; i++) policy.decide(i, null);
    policy.reset();
    expect(policy.decide(10, null)).toEqual({ action: 'restart', delayMs: 1000 });
  });
});
