// The environment the core runs in. Everything with side effects reaches the core through
// this object so tests (and Electron) can pass their own.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Clock {
  now(): number;
}

/** A pending timer. unref() lets the process exit while it waits (a no-op in virtual time). */
export interface TimerHandle {
  unref(): unknown;
}

/**
 * The clock and timers the core runs on. The core never calls Date.now, setTimeout or setInterval
 * itself, so tests drive backoff, crash loops, pings and reaping in virtual time (test/helpers/test-clock.ts).
 */
export interface Timers extends Clock {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined): void;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface CoreEnv {
  logger: Logger;
  clock: Timers;
  /** Folder for the token file, state and caches. */
  dataDir: string;
  /** The process environment children inherit from (before secrets are added). */
  processEnv: Record<string, string | undefined>;
  /** Folder of the compiled built-in servers; defaults to dist/servers beside the app (unpacked when in app.asar). */
  builtinServersDir?: string;
  // Sandbox (issue 22 item 6)
  /** bubblewrap for sandboxed children: undefined looks it up on PATH, null treats it as not installed. */
  bwrapPath?: string | null;
}

/** The process's own clock and timers. */
export const systemClock: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout | undefined),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout | undefined),
  sleep: (ms, signal) => sleepOn(systemClock, ms, signal),
};

/** sleep() on any Timers: one timer, cleared when the signal aborts first. */
export function sleepOn(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger that writes one JSON line per entry to a stream (stderr by default in the CLI). */
export function createStreamLogger(
  write: (line: string) => void,
  minLevel: LogLevel = 'info',
  redact: (s: string) => string = (s) => s,
  clock: Clock = systemClock,
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(minLevel);
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < min) return;
    const rest = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    write(redact(`${new Date(clock.now()).toISOString()} ${level.toUpperCase()} ${msg}${rest}`) + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
