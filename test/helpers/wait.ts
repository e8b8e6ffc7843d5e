// Bounded polling for tests: wait for a condition or an event's side effect, never a fixed sleep.

/** Resolves with the first truthy value of `check()`; throws after `timeoutMs`. Errors thrown by `check` count as "not yet". */
export async function pollFor<T>(check: () => Promise<T> | T, what: string, timeoutMs: number, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** True while a process with this pid exists (EPERM means it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Polls a condition with a bounded deadline (no fixed sleeps). */
export async function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  await pollFor(cond, what, timeoutMs, 10);
}
