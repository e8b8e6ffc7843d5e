// Signals for a stdio child and everything it started. On POSIX each child is spawned detached, so
// it leads a process group whose id is its pid, and its descendants stay in that group unless one
// calls setsid (or setpgid) itself: such a process escapes any group and is not reached here.
// Windows has no such groups: only the child itself is signalled there (a job object would be the fix).

/** True where children lead their own process group (every platform but Windows). */
export const PROCESS_GROUPS = process.platform !== 'win32';

/** Sends `signal` to the child's whole group (just the child on Windows); false when nothing was there. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(PROCESS_GROUPS ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group led by `pid` exists (always false on Windows). */
function groupAlive(pid: number): boolean {
  if (!PROCESS_GROUPS) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    // EPERM: a member we may not signal (it changed user); it is still there.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface EndGroupOptions {
  graceMs: number;
  /** When the group was last sent SIGTERM (null: not yet): the grace counts from then. */
  termSentAt: number | null;
  now: () => number;
  /** Waits between looks (the core's env.clock.sleep). */
  sleep: (ms: number) => Promise<void>;
  /** How often to look whether the group is gone. */
  pollMs?: number;
}

/**
 * Ends what is left of a group after its leader exited: SIGTERM (unless already sent), then SIGKILL
 * once the grace since that SIGTERM has passed. Resolves when the group is empty, or shortly after
 * the SIGKILL (a member stuck in the kernel is not waited for).
 */
export async function endGroup(pid: number, o: EndGroupOptions): Promise<void> {
  if (!groupAlive(pid)) return;
  const poll = o.pollMs ?? 25;
  let termAt = o.termSentAt;
  if (termAt === null) {
    signalGroup(pid, 'SIGTERM');
    termAt = o.now();
  }
  if (await goneBy(pid, termAt + o.graceMs, poll, o)) return;
  signalGroup(pid, 'SIGKILL');
  await goneBy(pid, o.now() + 1000, poll, o);
}

async function goneBy(pid: number, deadline: number, pollMs: number, t: Pick<EndGroupOptions, 'now' | 'sleep'>): Promise<boolean> {
  while (groupAlive(pid)) {
    if (t.now() >= deadline) return false;
    await t.sleep(Math.min(pollMs, Math.max(1, deadline - t.now())));
  }
  return true;
}
