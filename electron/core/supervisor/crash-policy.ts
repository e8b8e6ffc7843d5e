// Restart policy: exponential backoff, and giving up on a crash loop. The decision is pure; CrashPolicy
// adds the failure history and the pending restart timer.
import type { OrchestratorSettings } from '../../../shared/types.js';
import type { TimerHandle, Timers } from '../env.js';

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

/**
 * The crash policy a ManagedServer holds: the failure history and the one pending restart, timed on
 * the core's timers so backoff and crash loops run in virtual time under test.
 */
export class CrashPolicy {
  private failures: number[] = [];
  private timer: TimerHandle | undefined;

  constructor(
    private readonly settings: () => CrashPolicySettings,
    private readonly timers: Timers,
  ) {}

  /** Failures counted in the current window (after the last decision). */
  get recentFailures(): number {
    return this.failures.length;
  }

  /** A manual start or restart: the past is forgiven. */
  reset(): void {
    this.failures = [];
  }

  /** Records a failure at `at`; the caller acts on the decision (schedule() for a restart). */
  decide(at: number, runStartedAt: number | null): CrashDecision {
    const { failures, decision } = recordFailure(this.failures, at, runStartedAt, this.settings());
    this.failures = failures;
    return decision;
  }

  /** Runs `restart` after `delayMs`, replacing any restart already pending. */
  schedule(delayMs: number, restart: () => void): void {
    this.cancel();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      restart();
    }, delayMs);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  cancel(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
