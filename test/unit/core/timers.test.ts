// The core's Timers: the system implementation keeps Node's semantics, and the test clock runs
// timers in virtual time, in order, with sleep() cancellable by a signal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/env.js';
import { TestClock } from '../../helpers/test-clock.js';

describe('TestClock', () => {
  it('runs timeouts and intervals in time order as time advances, and not before', async () => {
    const clock = new TestClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    const every = clock.setInterval(() => seen.push(`i@${clock.now()}`), 15);
    await clock.advance(9);
    expect(seen).toEqual([]);
    await clock.advance(21);
    expect(seen).toEqual(['a@10', 'i@15', 'b@20', 'i@30']);
    clock.clearInterval(every);
    await clock.advance(100);
    expect(seen).toHaveLength(4);
    expect(clock.now()).toBe(130);
  });

  it('sleep resolves after its time and rejects when its signal aborts, clearing its timer', async () => {
    const clock = new TestClock(0);
    let slept = false;
    void clock.sleep(50).then(() => (slept = true));
    await clock.advance(49);
    expect(slept).toBe(false);
    await clock.advance(1);
    expect(slept).toBe(true);

    const ac = new AbortController();
    const pending = clock.sleep(1000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(clock.pending()).toEqual([]);
  });
});

describe('systemClock', () => {
  afterEach(() => vi.useRealTimers());

  it("sleeps on the process's timers (faked here by vitest) and returns unref-able handles", async () => {
    vi.useFakeTimers({ now: 1000 });
    let slept = false;
    void systemClock.sleep(5000).then(() => (slept = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(slept).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slept).toBe(true);
    expect(systemClock.now()).toBe(6000);
    const h = systemClock.setTimeout(() => undefined, 60_000);
    expect(() => h.unref()).not.toThrow();
    systemClock.clearTimeout(h);
    const ac = new AbortController();
    ac.abort(new Error('gone'));
    await expect(systemClock.sleep(60_000, ac.signal)).rejects.toThrow('gone');
  });
});
