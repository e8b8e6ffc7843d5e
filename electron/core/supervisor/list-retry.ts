// Retry schedule for a connected server whose tools/list fails or times out: exponential
// backoff between backoffInitialMs and backoffMaxMs, one attempt at a time, cancellable.
import type { TimerHandle, Timers } from '../env.js';

export class ListRetry {
  private failures = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly timing: () => { backoffInitialMs: number; backoffMaxMs: number },
    private readonly timers: Timers,
  ) {}

  /** True between a failed list and the next successful one. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Records a failure and runs `attempt` after the next delay; returns that delay. */
  failed(attempt: () => void): number {
    this.failures++;
    const { backoffInitialMs, backoffMaxMs } = this.timing();
    const delay = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(this.failures - 1, 20));
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      attempt();
    }, delay);
    return delay;
  }

  succeeded(): void {
    this.failures = 0;
    this.stop();
  }

  stop(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
