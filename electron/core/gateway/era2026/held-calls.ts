// The parked calls of 2026 clients between input_required rounds, bounded in count and time. A client that never
// comes back costs only its own budget: its oldest parked call is cancelled to make room for its next one, and a
// parked call is cancelled when its time is up. Calls are found again only by id, owner and scope together.
import { randomUUID } from 'node:crypto';
import type { TimerHandle, Timers } from '../../env.js';
import { HeldCall } from './held-call.js';

export interface HeldLimits {
  /** How long a parked call waits for the client's retry (a human may be answering). */
  holdMs: number;
  /** Parked calls per credential. */
  perOwner: number;
  /** Parked calls in all. */
  total: number;
  /** After a child's first question, how long to wait for the others it sends at once. */
  gatherMs: number;
}

export const DEFAULT_HELD_LIMITS: HeldLimits = { holdMs: 10 * 60_000, perOwner: 32, total: 256, gatherMs: 25 };

class Expired extends Error {}

export class HeldCalls {
  private readonly calls = new Map<string, HeldCall<unknown>>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Timers,
    readonly limits: HeldLimits,
  ) {}

  create<T>(owner: string, scope: string): HeldCall<T> {
    return new HeldCall<T>(this.clock, randomUUID(), owner, scope);
  }

  /** Parks a call until its client retries, making room within the owner's budget and the total first. */
  park(call: HeldCall<unknown>): void {
    this.unpark(call.id);
    const mine = [...this.calls.values()].filter((c) => c.owner === call.owner);
    if (mine.length >= this.limits.perOwner) this.drop(mine[0], 'too many calls waiting for input from this client');
    else if (this.calls.size >= this.limits.total) {
      // The whole budget is taken: refuse this one rather than evict another client's call.
      call.cancel(new Expired('too many calls are waiting for client input; try again later'));
      throw new Expired('too many calls are waiting for client input; try again later');
    }
    this.calls.set(call.id, call);
    const timer = this.clock.setTimeout(() => this.drop(call, 'the client did not answer in time'), this.limits.holdMs);
    timer.unref();
    this.timers.set(call.id, timer);
  }

  /** The parked call for a retry; undefined when unknown, expired, another owner's or for another request. */
  take<T>(id: string, owner: string, scope: string): HeldCall<T> | undefined {
    const call = this.calls.get(id);
    if (!call || call.owner !== owner || call.scope !== scope) return undefined;
    this.unpark(id);
    return call as HeldCall<T>;
  }

  /** Cancels a parked call (its time is up, its owner was revoked, the gateway stops). */
  drop(call: HeldCall<unknown>, why: string): void {
    this.unpark(call.id);
    call.cancel(new Expired(why));
  }

  dropOwner(owner: string): void {
    for (const c of [...this.calls.values()]) if (c.owner === owner) this.drop(c, 'the client token was revoked');
  }

  dropAll(): void {
    for (const c of [...this.calls.values()]) this.drop(c, 'the gateway closed its sessions');
  }

  size(): number {
    return this.calls.size;
  }

  private unpark(id: string): void {
    this.calls.delete(id);
    const t = this.timers.get(id);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(id);
  }
}
