// One debounce for the core and the renderer, on timers the caller passes in: the core's
// env.clock (so tests run it in virtual time), or the browser's in the renderer. Pure: no node:*.
//   restart:  each trigger restarts the wait; runs once the triggers pause for `ms` (typing, a
//             file watcher's burst of events).
//   coalesce: the first trigger starts the wait and later ones join it; runs `ms` after the first,
//             so a steady stream still runs every `ms` (list_changed fan-out, metrics pushes).

export interface DebounceTimers<H> {
  setTimeout(fn: () => void, ms: number): H;
  clearTimeout(handle: H): void;
}

export interface DebounceOptions {
  mode?: 'restart' | 'coalesce';
  /** Let the process exit while waiting (Node timers' unref); ignored where handles have none. */
  unref?: boolean;
}

export interface Debouncer {
  /** Asks for a run. */
  trigger(): void;
  /** Drops a waiting run. */
  cancel(): void;
  /** Whether a run is waiting. */
  readonly pending: boolean;
}

export function debounce<H>(timers: DebounceTimers<H>, ms: number, run: () => void, opts: DebounceOptions = {}): Debouncer {
  const restart = (opts.mode ?? 'restart') === 'restart';
  let handle: { h: H } | undefined;
  const cancel = () => {
    if (handle) timers.clearTimeout(handle.h);
    handle = undefined;
  };
  return {
    trigger() {
      if (handle && !restart) return;
      cancel();
      const h = timers.setTimeout(() => {
        handle = undefined;
        run();
      }, ms);
      if (opts.unref) (h as { unref?: () => unknown }).unref?.();
      handle = { h };
    },
    cancel,
    get pending() {
      return handle !== undefined;
    },
  };
}
