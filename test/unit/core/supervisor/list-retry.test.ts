// tools/list retries alone, in virtual time: doubling delays capped at backoffMaxMs, one attempt
// pending at a time, a success resetting the schedule, and stop() cancelling.
import { describe, expect, it } from 'vitest';
import { ListRetry } from '../../../../electron/core/supervisor/list-retry.js';
import { TestClock } from '../../../helpers/test-clock.js';

const timing = () => ({ backoffInitialMs: 100, backoffMaxMs: 1000 });

describe('ListRetry', () => {
  it('waits 100, 200, 400, 800, then 1000 ms (the cap), attempting only when each delay has passed', async () => {
    const clock = new TestClock(0);
    const retry = new ListRetry(timing, clock);
    const attempts: number[] = [];
    const delays: number[] = [];
    const attempt = () => {
      attempts.push(clock.now());
      if (attempts.length < 6) delays.push(retry.failed(attempt));
    };
    delays.push(retry.failed(attempt));
    expect(retry.failing).toBe(true);
    await clock.advance(99);
    expect(attempts).toEqual([]);
    await clock.advance(10_000);
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(attempts).toEqual([100, 300, 700, 1500, 2500, 3500]);
  });

  it('a success resets the backoff and clears the pending attempt', async () => {
    const clock = new TestClock(0);
    const retry = new ListRetry(timing, clock);
    let attempts = 0;
    retry.failed(() => attempts++);
    retry.failed(() => attempts++);
    // Only the latest failure's attempt is pending.
    expect(clock.pending()).toEqual([200]);
    retry.succeeded();
    expect(retry.failing).toBe(false);
    expect(clock.pending()).toEqual([]);
    await clock.advance(10_000);
    expect(attempts).toBe(0);
    expect(retry.failed(() => attempts++)).toBe(100);
  });

  it('stop() cancels the pending attempt (the run ended)', async () => {
    const clock = new TestClock(0);
    const retry = new ListRetry(timing, clock);
    let attempts = 0;
    retry.failed(() => attempts++);
    retry.stop();
    await clock.advance(10_000);
    expect(attempts).toBe(0);
  });
});
