// The one debounce (shared/debounce.ts), in virtual time on the core's TestClock.
import { describe, expect, it } from 'vitest';
import { debounce } from '../../../shared/debounce.js';
import { TestClock } from '../../helpers/test-clock.js';

function setup(mode: 'restart' | 'coalesce') {
  const clock = new TestClock(0);
  const runs: number[] = [];
  const d = debounce(clock, 100, () => runs.push(clock.now()), { mode });
  return { clock, runs, d };
}

/** Triggers `d` at each of `times` (ms from 0), in order. */
async function triggerAt(clock: TestClock, d: { trigger(): void }, times: number[]): Promise<void> {
  for (const t of times) {
    await clock.advance(t - clock.now());
    d.trigger();
  }
}

describe('debounce, restart mode', () => {
  it('runs once, ms after the last trigger of a burst', async () => {
    const { clock, runs, d } = setup('restart');
    await triggerAt(clock, d, [0, 50, 90]);
    await clock.advance(99);
    expect(runs).toEqual([]);
    expect(d.pending).toBe(true);
    await clock.advance(1);
    expect(runs).toEqual([190]);
    expect(d.pending).toBe(false);
    expect(clock.pending()).toEqual([]);
  });

  it('never runs while triggers keep coming closer than ms apart', async () => {
    const { clock, runs, d } = setup('restart');
    await triggerAt(clock, d, [0, 99, 198, 297, 396]);
    expect(runs).toEqual([]);
    expect(clock.pending()).toEqual([100]); // one timer, not one per trigger
    await clock.advance(100);
    expect(runs).toEqual([496]);
  });
});

describe('debounce, coalesce mode', () => {
  it('runs ms after the first trigger; later triggers join it', async () => {
    const { clock, runs, d } = setup('coalesce');
    await triggerAt(clock, d, [0, 50, 90]);
    await clock.advance(10);
    expect(runs).toEqual([100]);
    await triggerAt(clock, d, [120, 150]);
    await clock.advance(200);
    expect(runs).toEqual([100, 220]);
  });

  it('still runs every ms under a steady stream of triggers', async () => {
    const { clock, runs, d } = setup('coalesce');
    await triggerAt(clock, d, [0, 40, 80, 120, 160, 200, 240]);
    expect(runs).toEqual([100, 220]);
    await clock.advance(100);
    expect(runs).toEqual([100, 220, 340]);
  });
});

describe('debounce, both modes', () => {
  it('cancel drops a waiting run, and a later trigger starts afresh', async () => {
    for (const mode of ['restart', 'coalesce'] as const) {
      const { clock, runs, d } = setup(mode);
      d.trigger();
      d.cancel();
      expect(d.pending).toBe(false);
      await clock.advance(500);
      expect(runs).toEqual([]);
      d.trigger();
      await clock.advance(100);
      expect(runs).toEqual([600]);
    }
  });

  it('a trigger from inside the run schedules the next run', async () => {
    const clock = new TestClock(0);
    const runs: number[] = [];
    const d = debounce(clock, 100, () => {
      runs.push(clock.now());
      if (runs.length < 3) d.trigger();
    });
    d.trigger();
    await clock.advance(1000);
    expect(runs).toEqual([100, 200, 300]);
  });

  it('unrefs its timer when asked, and only then', () => {
    const unrefs: string[] = [];
    const timers = {
      setTimeout: (_fn: () => void, ms: number) => ({ unref: () => unrefs.push(`t${ms}`) }),
      clearTimeout: () => undefined,
    };
    debounce(timers, 5, () => undefined, { unref: true }).trigger();
    debounce(timers, 7, () => undefined).trigger();
    expect(unrefs).toEqual(['t5']);
  });
});
