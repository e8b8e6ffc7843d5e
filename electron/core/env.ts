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

export interface CoreEnv {
  logger: Logger;
  clock: Clock;
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

export const systemClock: Clock = { now: () => Date.now() };

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
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(minLevel);
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < min) return;
    const rest = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${rest}`) + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
