// Periodic MCP ping (server/discover in the 2026-07-28 era) of one connected server. Reports results; the caller decides what they mean.
import type { TimerHandle, Timers } from '../env.js';
import type { Client } from '../sdk/client.js';

export interface PingHandlers {
  onOk(ms: number): void;
  /** `consecutive` counts failures in a row, starting at 1. */
  onFail(consecutive: number, error: unknown): void;
}

export class Pinger {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly client: Client,
    private readonly timing: () => { pingIntervalMs: number; pingTimeoutMs: number },
    private readonly handlers: PingHandlers,
    private readonly clock: Timers,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    const { pingIntervalMs } = this.timing();
    if (this.stopped || !(pingIntervalMs > 0)) return;
    // One ping at a time: the next is scheduled only after this one settles.
    this.timer = this.clock.setTimeout(() => void this.tick(), pingIntervalMs);
  }

  private async tick(): Promise<void> {
    const started = this.clock.now();
    let error: unknown;
    let ok = false;
    try {
      // The ping's timeout is the SDK request's own timer (not ours to inject); the interval is ours.
      // 2026-07-28 has no ping (the v2 client refuses to send it): a stateless child is asked server/discover.
      const options = { timeout: this.timing().pingTimeoutMs };
      if (this.client.getProtocolEra() === 'modern') await this.client.discover(options);
      else await this.client.ping(options);
      ok = true;
    } catch (err) {
      error = err;
    }
    if (this.stopped) return;
    this.failures = ok ? 0 : this.failures + 1;
    if (ok) this.handlers.onOk(this.clock.now() - started);
    else this.handlers.onFail(this.failures, error);
    this.schedule();
  }
}
