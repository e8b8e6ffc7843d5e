// Virtual time for the core's Timers: nothing runs until the test advances the clock, and advancing
// runs each due timer in order, letting promise chains settle between them.
import { sleepOn, type TimerHandle, type Timers } from '../../electron/core/env.js';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
  every?: number;
}

class Handle implements TimerHandle {
  constructor(readonly id: number) {}
  unref(): this {
    return this;
  }
}

/** Lets already-resolved promise chains (and I/O callbacks that are ready) run; no time passes. */
function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export class TestClock implements Timers {
  private timers: Pending[] = [];
  private nextId = 1;

  constructor(private t = 1_000_000) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms));
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle instanceof Handle) this.timers = this.timers.filter((p) => p.id !== handle.id);
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.clearTimeout(handle);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Delays of the timers now pending, from now, soonest first. */
  pending(): number[] {
    return this.sorted().map((p) => p.at - this.t);
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      const due = this.sorted()[0];
      if (!due || due.at > end) break;
      this.t = due.at;
      this.fire(due);
      await settle();
    }
    this.t = end;
    await settle();
  }

  /** Runs the next pending timer (time jumps to it); false when none is pending. */
  async next(): Promise<boolean> {
    await settle();
    const due = this.sorted()[0];
    if (!due) return false;
    await this.advance(due.at - this.t);
    return true;
  }

  private add(fn: () => void, ms: number, every?: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn, every });
    return new Handle(id);
  }

  private fire(p: Pending): void {
    if (p.every) p.at += p.every;
    else this.timers = this.timers.filter((x) => x !== p);
    p.fn();
  }

  private sorted(): Pending[] {
    // Equal times run in the order they were set, as Node does.
    return [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}
