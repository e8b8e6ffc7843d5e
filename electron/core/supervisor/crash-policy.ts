// Restart policy: exponential backoff, and giving up on a crash loop. Pure, so it is unit-tested directly.
import type { OrchestratorSettings } from '../../../shared/types.js';

export type CrashPolicySettings = Pick<
  OrchestratorSettings,
  'backoffInitialMs' | 'backoffMaxMs' | 'crashLoopMaxRestarts' | 'crashLoopWindowMs'
>;

export type CrashDecision = { action: 'restart'; delayMs: number } | { action: 'give-up' };

/**
 * Records a failure at `now`. `failures` are earlier failure times; `runStartedAt` is when the run that
 * just failed began (null when it never got running). A run that lasted longer than the window forgives the past.
 */
export function recordFailure(
  failures: readonly number[],
  now: number,
  runStartedAt: number | null,
  s: CrashPolicySettings,
): { failures: number[]; decision: CrashDecision } {
  const forgiven = runStartedAt !== null && now - runStartedAt >= s.crashLoopWindowMs;
  const recent = forgiven ? [] : failures.filter((t) => now - t < s.crashLoopWindowMs);
  const next = [...recent, now];
  if (next.length > s.crashLoopMaxRestarts) return { failures: next, decision: { action: 'give-up' } };
  return { failures: next, decision: { action: 'restart', delayMs: backoffDelay(next.length - 1, s) } };
}

/** backoffInitialMs · 2^attempt, capped at backoffMaxMs. */
export function backoffDelay(attempt: number, s: Pick<CrashPolicySettings, 'backoffInitialMs' | 'backoffMaxMs'>): number {
  const raw = s.backoffInitialMs * 2 ** Math.min(attempt, 30);
  return Math.max(0, Math.min(raw, s.backoffMaxMs));
}
