// Try candidate vendors in order until one answers, honouring circuit breakers and
// recording latency. Cancellation stops the walk at once and is not held against a vendor.
import { errorMessage } from '../../../shared/errors.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { FailoverAttempt } from '../../../shared/types.js';
import type { Clock, Logger } from '../env.js';
import type { Upstream } from '../upstream/upstream.js';
import type { Balancer } from './balancer.js';
import type { BreakerSet } from './breaker.js';
import type { VendorTools } from './capabilities.js';
import type { Capability } from './types.js';
import { VendorCallError } from './vendor-call.js';
import type { VendorStats } from './vendor-stats.js';

export interface Candidate {
  upstream: Upstream;
  tool: string;
  tools: VendorTools;
}

export interface Routed<T> {
  value: T;
  vendor: string;
  failover: FailoverAttempt[];
  latencyMs: number;
}

export interface FailoverDeps {
  breakers: BreakerSet;
  stats: VendorStats;
  balancer: Balancer;
  clock: Clock;
  logger: Logger;
}

const errorText = (err: unknown) => errorMessage(err);

export async function runWithFailover<T>(
  deps: FailoverDeps,
  cap: Capability,
  candidates: Candidate[],
  explicit: boolean,
  attempt: (c: Candidate) => Promise<T>,
): Promise<Routed<T>> {
  const failover: FailoverAttempt[] = [];
  const skipped: string[] = [];
  for (const c of candidates) {
    const vendor = c.upstream.id;
    if (!deps.breakers.tryAcquire(vendor)) {
      skipped.push(vendor);
      continue;
    }
    const started = deps.clock.now();
    deps.balancer.acquire(vendor);
    try {
      const value = await attempt(c);
      const latencyMs = deps.clock.now() - started;
      deps.breakers.onSuccess(vendor);
      deps.stats.record(vendor, latencyMs);
      return { value, vendor, failover, latencyMs };
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.CANCELLED) {
        deps.breakers.release(vendor);
        throw err;
      }
      deps.stats.recordError(vendor);
      const retryAfterMs = err instanceof VendorCallError ? err.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) {
        // The vendor said when it will take calls again: set it aside exactly that long, and do
        // not count it toward the breaker, whose cooldown would be a guess.
        deps.balancer.setAside(vendor, retryAfterMs);
        deps.breakers.release(vendor);
      } else {
        deps.breakers.onFailure(vendor);
      }
      failover.push({ vendor, error: errorText(err) });
      deps.logger.warn('router: vendor failed', { cap, vendor, error: errorText(err), retryAfterMs });
    } finally {
      deps.balancer.release(vendor);
    }
  }
  throw exhausted(deps, cap, explicit, failover, skipped);
}

function exhausted(deps: FailoverDeps, cap: Capability, explicit: boolean, failed: FailoverAttempt[], skipped: string[]): AppError {
  if (explicit && failed.length === 1) {
    return new AppError(ErrorCode.UPSTREAM_ERROR, `${failed[0].vendor} ${cap} failed: ${failed[0].error}`);
  }
  if (explicit && skipped.length === 1) {
    const secs = Math.ceil(deps.breakers.retryInMs(skipped[0]) / 1000);
    return new AppError(
      ErrorCode.VENDOR_UNAVAILABLE,
      `${skipped[0]} is temporarily disabled after repeated failures (circuit open; retry in ${secs}s)`,
    );
  }
  const parts = [...failed.map((f) => `${f.vendor}: ${f.error}`), ...skipped.map((v) => `${v}: circuit open after repeated failures`)];
  return new AppError(ErrorCode.ALL_VENDORS_FAILED, `all ${cap} vendors failed — ${parts.join('; ')}`);
}
