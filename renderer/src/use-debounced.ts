// The renderer's side of shared/debounce.ts: a debouncer on the browser's timers that lives as
// long as the component and always runs the latest `run` (so it sees the latest state).
import { useEffect, useMemo, useRef } from 'react';
import { debounce, type DebounceTimers, type Debouncer } from '../../shared/debounce.js';

const browserTimers: DebounceTimers<ReturnType<typeof setTimeout>> = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/** Restart mode: `run` happens once the triggers pause for `ms`; a pending run is dropped on unmount. */
export function useDebounced(run: () => void, ms: number): Debouncer {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const debouncer = useMemo(() => debounce(browserTimers, ms, () => latest.current()), [ms]);
  useEffect(() => () => debouncer.cancel(), [debouncer]);
  return debouncer;
}
