// Per-vendor circuit breaker: stop sending traffic to a vendor that keeps failing, then let
// exactly one trial through after a cooldown.
import type { Clock } from '../env.js';
import type { BreakerState } from './types.js';

export interface BreakerLimits {
  failures: number;
  cooldownMs: number;
}

interface Entry {
  state: BreakerState;
  failures: number;
  openedAt: number;
  trialInFlight: boolean;
}

export class BreakerSet {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => BreakerLimits,
  ) {}

  private entry(vendor: string): Entry {
    let e = this.entries.get(vendor);
    if (!e) {
      e = { state: 'closed', failures: 0, openedAt: 0, trialInFlight: false };
      this.entries.set(vendor, e);
    }
    return e;
  }

  /** Current state, moving open → half_open once the cooldown has passed. */
  state(vendor: string): BreakerState {
    const e = this.entry(vendor);
    if (e.state === 'open' && this.clock.now() - e.openedAt >= this.limits().cooldownMs) {
      e.state = 'half_open';
      e.trialInFlight = false;
    }
    return e.state;
  }

  failures(vendor: string): number {
    return this.entry(vendor).failures;
  }

  /** Whether a call may go out now; in half_open this claims the single trial slot. */
  tryAcquire(vendor: string): boolean {
    const state = this.state(vendor);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const e = this.entry(vendor);
    if (e.trialInFlight) return false;
    e.trialInFlight = true;
    return true;
  }

  onSuccess(vendor: string): void {
    const e = this.entry(vendor);
    e.state = 'closed';
    e.failures = 0;
    e.trialInFlight = false;
  }

  onFailure(vendor: string): void {
    const e = this.entry(vendor);
    e.failures++;
    e.trialInFlight = false;
    if (e.state === 'half_open' || e.failures >= Math.max(1, this.limits().failures)) {
      e.state = 'open';
      e.openedAt = this.clock.now();
    }
  }

  /** A cancelled call says nothing about vendor health; just free the trial slot. */
  release(vendor: string): void {
    this.entry(vendor).trialInFlight = false;
  }

  /** Seconds until an open breaker allows a trial (for error messages). */
  retryInMs(vendor: string): number {
    const e = this.entry(vendor);
    if (e.state !== 'open') return 0;
    return Math.max(0, e.openedAt + this.limits().cooldownMs - this.clock.now());
  }
}
