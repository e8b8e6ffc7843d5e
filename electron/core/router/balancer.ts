// Load balancing for vendor="auto": which capable vendor takes the next call under the configured
// strategy. The chosen vendor goes first and the rest follow in preference order, so failover and
// circuit breakers work as before. Vendors set aside after a 429/503 with Retry-After, and vendors
// at their max_inflight, are tried only after every other one.
import type { RoutingConfig } from '../../../shared/types.js';
import type { Clock } from '../env.js';
import type { Capability } from './types.js';

export interface BalanceInput<T> {
  cap: Capability;
  /** Candidates already in preference order (orderByPreference). */
  items: T[];
  vendorOf: (item: T) => string;
  /** Recent latency of successful calls; null when unknown. */
  latency: (vendor: string) => number | null;
}

/** Under least_latency, a vendor not picked for this many turns gets the next one, so a figure from a bad moment is measured again. */
const LATENCY_PROBE_EVERY = 10;

export class Balancer {
  private readonly inflightBy = new Map<string, number>();
  private readonly asideUntil = new Map<string, number>();
  private readonly turn = new Map<Capability, number>();
  /** least_latency: the turn each vendor was last picked at, per capability. */
  private readonly lastPicked = new Map<string, number>();
  /** Smooth weighted round-robin state per capability: vendor → current weight. */
  private readonly current = new Map<Capability, Map<string, number>>();

  constructor(
    private readonly clock: Clock,
    private readonly routing: () => RoutingConfig,
    /** In-flight counts changed. */
    private readonly onChange: () => void = () => undefined,
  ) {}

  inflight(vendor: string): number {
    return this.inflightBy.get(vendor) ?? 0;
  }

  acquire(vendor: string): void {
    this.inflightBy.set(vendor, this.inflight(vendor) + 1);
    this.onChange();
  }

  release(vendor: string): void {
    this.inflightBy.set(vendor, Math.max(0, this.inflight(vendor) - 1));
    this.onChange();
  }

  /** After a 429/503 with Retry-After: auto routing sends this vendor nothing for that long. */
  setAside(vendor: string, ms: number): void {
    const until = this.clock.now() + Math.max(0, ms);
    if (until > (this.asideUntil.get(vendor) ?? 0)) this.asideUntil.set(vendor, until);
  }

  /** When the vendor's set-aside ends, or null when it is not set aside. */
  asideUntilMs(vendor: string): number | null {
    const until = this.asideUntil.get(vendor);
    if (until === undefined) return null;
    if (until <= this.clock.now()) {
      this.asideUntil.delete(vendor);
      return null;
    }
    return until;
  }

  private saturated(vendor: string): boolean {
    const max = this.routing().maxInflight[vendor];
    return max !== undefined && this.inflight(vendor) >= max;
  }

  /** The candidates in the order to try them: the strategy's pick first, then the rest. */
  order<T>(input: BalanceInput<T>): T[] {
    const { items, vendorOf } = input;
    const open: T[] = [];
    const held: T[] = [];
    for (const item of items) {
      const v = vendorOf(item);
      (this.asideUntilMs(v) !== null || this.saturated(v) ? held : open).push(item);
    }
    if (open.length === 0) return items;
    const pick = this.pick(input, open);
    const first = pick === undefined ? [] : [pick];
    return [...first, ...open.filter((x) => x !== pick), ...held];
  }

  private pick<T>(input: BalanceInput<T>, open: T[]): T | undefined {
    const { vendorOf } = input;
    const routing = this.routing();
    switch (routing.strategy) {
      case 'priority':
        return open[0];
      case 'round_robin': {
        const n = this.turn.get(input.cap) ?? 0;
        this.turn.set(input.cap, n + 1);
        return open[n % open.length];
      }
      case 'least_latency':
        return this.fastest(input, open);
      case 'least_inflight':
        return open.reduce((best, x) => (this.inflight(vendorOf(x)) < this.inflight(vendorOf(best)) ? x : best));
      case 'weighted':
        return this.weighted(input.cap, open, vendorOf, routing.weights);
    }
  }

  /**
   * The vendor with the lowest recent latency. Unknown latency counts as 0 (a vendor is measured
   * before it is judged), and one left out for LATENCY_PROBE_EVERY turns is probed once.
   */
  private fastest<T>(input: BalanceInput<T>, open: T[]): T {
    const { cap, vendorOf } = input;
    const n = this.turn.get(cap) ?? 0;
    this.turn.set(cap, n + 1);
    const key = (x: T) => `${cap}\0${vendorOf(x)}`;
    const lat = (x: T) => input.latency(vendorOf(x)) ?? 0;
    const stale = open.find((x) => n - (this.lastPicked.get(key(x)) ?? n) >= LATENCY_PROBE_EVERY);
    const pick = stale ?? open.reduce((best, x) => (lat(x) < lat(best) ? x : best));
    for (const x of open) if (!this.lastPicked.has(key(x))) this.lastPicked.set(key(x), n);
    this.lastPicked.set(key(pick), n);
    return pick;
  }

  /**
   * Smooth weighted round-robin (as in nginx): each turn every vendor gains its weight, the one
   * with the most is picked and loses the total. Shares follow the weights exactly, evenly spread.
   */
  private weighted<T>(cap: Capability, open: T[], vendorOf: (x: T) => string, weights: Record<string, number>): T | undefined {
    const weightOf = (v: string) => weights[v] ?? 1;
    const live = open.filter((x) => weightOf(vendorOf(x)) > 0);
    if (live.length === 0) return open[0];
    let state = this.current.get(cap);
    if (!state) this.current.set(cap, (state = new Map()));
    let total = 0;
    let best: T | undefined;
    let bestScore = -Infinity;
    for (const x of live) {
      const v = vendorOf(x);
      const score = (state.get(v) ?? 0) + weightOf(v);
      state.set(v, score);
      total += weightOf(v);
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    if (best !== undefined) state.set(vendorOf(best), bestScore - total);
    return best;
  }
}
