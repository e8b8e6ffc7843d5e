// Opens one connection to a server (spawning the child for stdio) and shuts it down without leaving orphans:
// a stdio child leads its own process group (POSIX), and stop, restart and its own exit end the whole group.
import { errorMessage } from '../../../shared/errors.js';
import type { ChildProcess } from 'node:child_process';
import type { Client, PriorDiscovery } from '../sdk/client.js';
import { StdioClientTransport } from '../sdk/client.js';
import { SdkHttpError, StreamableHTTPClientTransport } from '../sdk/client.js';
import { SSEClientTransport } from '../sdk/client.js';
import { stdioChildProcess } from '../sdk/internals.js';
import type { FetchLike, Transport } from '../sdk/shared.js';
import type { ExitReason, ServerConfig } from '../../../shared/types.js';
import type { TimerHandle, Timers } from '../env.js';
import type { LaunchSpec } from './launch-env.js';
import { GroupStdioTransport } from './group-stdio-transport.js';
import type { PidGuard } from './orphan-watchdog.js';
import { limitHttpMessages } from './http-limit.js';
import { endGroup, PROCESS_GROUPS, signalGroup } from './process-group.js';
import { wrapInSandbox, type SandboxHost } from './sandbox-host.js';
import { limitStdioMessages } from './stdio-limit.js';
import { tapTransport, type ProtocolSink } from './protocol-tap.js';
// OAuth for remote servers (issue 21 item 6)
import type { AuthProvider } from '../sdk/auth.js';
import { signInNeeded, watchChallenges, type AuthChallenge } from '../oauth/auth-challenge.js';

/** SIGTERM this long after closing stdin, SIGKILL this long after SIGTERM. */
export const GRACE_MS = 2000;

export interface ChildExit {
  code: number | null;
  signal: string | null;
  spawnError?: Error;
}

export interface Connection {
  client: Client;
  pid: number | null;
  /** How long the synchronous spawn blocked the event loop (stdio only); it serialises parallel starts. */
  spawnMs: number | null;
  /** Resolves once the child is gone (stdio) or the transport closed (http). Never rejects. */
  closed: Promise<ChildExit>;
  /**
   * Close stdin, SIGTERM the group after GRACE_MS, SIGKILL it after GRACE_MS more; then the rest of the group
   * gets SIGTERM and, GRACE_MS after the first SIGTERM, SIGKILL. Resolves once the child and its group are gone.
   */
  shutdown(): Promise<{ exit: ChildExit; signalled: boolean }>;
}

/** A start that did not reach a connected, initialized client. The child is already gone. */
export class LaunchError extends Error {
  constructor(
    readonly reason: ExitReason,
    message: string,
    readonly exit: ChildExit,
    /** Set when the server refused us for want of an OAuth sign-in: why, in the server's words. */
    readonly signIn?: string,
  ) {
    super(message);
  }
}

export interface ConnectOptions {
  config: ServerConfig;
  spec: LaunchSpec;
  client: Client;
  /** A remembered era verdict (supervisor/era-memory.ts): skips the server/discover probe. */
  prior?: PriorDiscovery;
  timeoutMs: number;
  onStderr: (chunk: string) => void;
  signal?: AbortSignal;
  /** Told about the child's pid from spawn to exit, so it can be killed if we die first. */
  guard?: PidGuard;
  /** Times the spawn and bounds the start and shutdown waits (the core's env.clock). */
  clock: Timers;
  /** Largest message taken from the child (max_message_bytes); a bigger reply becomes an error. */
  maxMessageBytes?: () => number;
  /** A message over that limit was dropped (`answered`: its request got the error). */
  onOversize?: (size: number, answered: boolean) => void;
  /** Where the config's "sandbox" setting is applied (bubblewrap); absent: never sandboxed. */
  sandbox?: SandboxHost;
  /** The protocol log of this server (protocol-log.ts): every message both ways. */
  onProtocol?: ProtocolSink;
  // OAuth for remote servers (issue 21 item 6)
  /** The background OAuth provider (stored tokens, refresh); absent when the server was never signed in to. */
  authProvider?: AuthProvider;
  /** A 401/403 Bearer challenge from the server, at connect time or later. */
  onChallenge?: (c: AuthChallenge) => void;
}

const NO_LIMIT = () => Number.MAX_SAFE_INTEGER;

export async function openConnection(given: ConnectOptions): Promise<Connection> {
  let challenge: AuthChallenge | undefined;
  const o: ConnectOptions = {
    ...given,
    onChallenge: (c) => {
      challenge = c;
      given.onChallenge?.(c);
    },
  };
  checkTarget(o.config);
  // Aborted before anything was spawned (e.g. a stop while the launch target was being resolved): there is no
  // child to shut down, and waiting for one that never started would hold the stop for the whole grace period.
  if (o.signal?.aborted) throw new Error('start cancelled');
  const { transport, watcher } = o.config.transport === 'http' ? httpTransport(o) : stdioTransport(o);
  const conn = makeConnection(o.client, transport, watcher, o.clock);
  watcher.onBroken = () => void conn.shutdown();
  const onAbort = () => void conn.shutdown();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (o.signal?.aborted) throw new Error('start cancelled');
    const connecting = o.client.connect(transport, { timeout: o.timeoutMs, ...(o.prior ? { prior: o.prior } : {}) });
    await withDeadline(connecting, o.timeoutMs + 1000, conn.closed, o.clock);
    if (o.signal?.aborted) throw new Error('start cancelled');
    conn.pid = watcher.pid();
    conn.spawnMs = watcher.spawnMs();
    return conn;
  } catch (err) {
    const { exit, signalled } = await conn.shutdown();
    if (answersOnlyLegacySse(o.config, err) && !o.signal?.aborted) {
      // The spec's backwards-compatible path: a server that refuses the POST may be an HTTP+SSE one.
      o.onStderr(`${o.config.url} refused Streamable HTTP (${errorMessage(err)}); trying the older HTTP+SSE transport\n`);
      const conn = await openConnection({ ...o, config: { ...o.config, sse: true } });
      o.onStderr('connected with HTTP+SSE; set "transport": "sse" on this server to skip the first try\n');
      return conn;
    }
    const signIn = o.config.transport === 'http' ? signInNeeded(err, challenge, o.authProvider !== undefined) : undefined;
    if (signIn) throw new LaunchError('crashed', `connect failed: ${signIn}`, exit, signIn);
    throw classify(err, exit, signalled, o.timeoutMs, o.config.transport === 'http');
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** A config that cannot even be attempted fails like a missing binary: retrying will not help. */
function checkTarget(c: ServerConfig): void {
  const none = { code: null, signal: null };
  if (c.transport === 'stdio' && !c.command) throw new LaunchError('spawn-failed', 'no command configured', none);
  if (c.transport === 'http' && !URL.canParse(c.url ?? '')) {
    throw new LaunchError('spawn-failed', `invalid url: ${JSON.stringify(c.url ?? '')}`, none);
  }
}

function classify(err: unknown, exit: ChildExit, signalled: boolean, timeoutMs: number, http: boolean): LaunchError {
  const message = errorMessage(err);
  if (http && !/timed out|deadline/i.test(message)) return new LaunchError('crashed', `connect failed: ${message}`, exit);
  if (exit.spawnError) return new LaunchError('spawn-failed', `spawn failed: ${exit.spawnError.message}`, exit);
  if (signalled || /timed out|deadline/i.test(message)) {
    return new LaunchError('killed', `no initialize response within ${timeoutMs} ms (${message})`, exit);
  }
  const reason: ExitReason = exit.code === 0 ? 'exited' : 'crashed';
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  return new LaunchError(reason, `exited during startup with ${how} (${message})`, exit);
}

interface ChildWatcher {
  pid(): number | null;
  spawnMs(): number | null;
  /** The child itself (the group's leader) exited. */
  exited: Promise<ChildExit>;
  isExited(): boolean;
  /** Signals the child's process group (the child alone on Windows). */
  kill(signal: NodeJS.Signals): void;
  /** After the leader exited: ends what is left of its group and drops the pipes. Idempotent. */
  sweep(): Promise<void>;
  /** Set by the connection: the child's output became unreadable and it must be stopped. */
  onBroken?: () => void;
}

function stdioTransport(o: ConnectOptions): { transport: Transport; watcher: ChildWatcher } {
  const params = launchParams(o);
  // POSIX: our transport, whose child leads its own process group. Windows has no groups, and the
  // SDK's transport (cross-spawn) resolves npx.cmd and friends there.
  const grouped = PROCESS_GROUPS
    ? new GroupStdioTransport({ ...params, onBroken: () => watcher.onBroken?.(), maxBacklog: o.maxMessageBytes })
    : undefined;
  const transport = grouped ?? new StdioClientTransport({ ...params, stderr: 'pipe' });
  const reader = limitStdioMessages(transport, o.maxMessageBytes ?? NO_LIMIT, (size, answered) => o.onOversize?.(size, answered));
  // The reader knows each line's bytes, and our transport each line it wrote, so the log measures nothing itself.
  if (o.onProtocol) {
    // Our transport tells the log itself; the SDK's (Windows) is wrapped, with what the reader knows of each line.
    tapTransport(transport, o.onProtocol, { size: () => reader.lastSize, line: () => reader.lastLine });
  }
  // A fresh decoder per stream so multi-byte characters split across chunks stay intact.
  const decoder = new TextDecoder();
  transport.stderr?.on('data', (chunk: Buffer) => o.onStderr(decoder.decode(chunk, { stream: true })));
  let child: ChildProcess | undefined;
  let spawnMs: number | null = null;
  let done: ChildExit | undefined;
  let termSentAt: number | null = null;
  let swept: Promise<void> | undefined;
  let resolveExit!: (e: ChildExit) => void;
  const exited = new Promise<ChildExit>((r) => (resolveExit = r));
  const finish = (e: ChildExit) => {
    if (done) return;
    resolveExit((done = e));
  };
  // We need the ChildProcess for its exit code and the real 'exit' event (the SDK's transport does
  // not expose it): grab it right after start() spawned it (spawn happens synchronously inside start()).
  const start = transport.start.bind(transport);
  transport.start = () => {
    const t0 = o.clock.now();
    const started = start();
    spawnMs = o.clock.now() - t0;
    child = grouped ? grouped.process : stdioChildProcess(transport as StdioClientTransport);
    if (!child) finish({ code: null, signal: null, spawnError: new Error('no child process') });
    if (child?.pid !== undefined) o.guard?.track(child.pid);
    child?.once('exit', (code, signal) => finish({ code, signal }));
    child?.once('close', (code, signal) => finish({ code, signal }));
    child?.once('error', (error) => {
      if (child?.pid === undefined) finish({ code: null, signal: null, spawnError: error });
    });
    return started;
  };
  const endRest = async () => {
    const pid = child?.pid;
    // Descendants left in the group (a wrapper's real server, a grandchild holding the pipes).
    if (pid !== undefined)
      await endGroup(pid, { graceMs: GRACE_MS, termSentAt, now: () => o.clock.now(), sleep: (ms) => o.clock.sleep(ms) });
    grouped?.release();
    if (pid !== undefined) o.guard?.untrack(pid);
  };
  const watcher: ChildWatcher = {
    pid: () => child?.pid ?? null,
    spawnMs: () => spawnMs,
    exited,
    isExited: () => done !== undefined,
    kill: (signal) => {
      if (child?.pid === undefined) return;
      if (signal === 'SIGTERM') termSentAt = o.clock.now();
      if (PROCESS_GROUPS) signalGroup(child.pid, signal);
      else {
        try {
          child.kill(signal);
        } catch {
          // already gone
        }
      }
    },
    sweep: () => (swept ??= exited.then(endRest)),
  };
  return { transport, watcher };
}

/** The stdio command to spawn: the resolved one, wrapped in bubblewrap when the server is sandboxed. */
function launchParams(o: ConnectOptions): { command: string; args: string[]; env: Record<string, string>; cwd?: string } {
  const base = { command: o.config.command ?? '', args: o.spec.args, env: o.spec.env, cwd: o.config.cwd };
  if (!o.sandbox) return base;
  try {
    return wrapInSandbox(o.config, base, o.sandbox, (line) => o.onStderr(`${line}\n`));
  } catch (err) {
    // Refused or impossible: retrying will not help, and running it unsandboxed is not an option.
    throw new LaunchError('spawn-failed', errorMessage(err), { code: null, signal: null });
  }
}

/** A Streamable HTTP attempt that a 2024-11-05 HTTP+SSE server would answer this way (400, 404 or 405 to the POST). */
function answersOnlyLegacySse(config: ServerConfig, err: unknown): boolean {
  if (config.transport !== 'http' || config.sse) return false;
  return err instanceof SdkHttpError && [400, 404, 405].includes(err.data.status);
}

/**
 * The server's configured `headers` are for the MCP endpoint. The SDK hands an auth round its transport's fetch
 * with them merged in, so a background refresh sent them (an API key, say) to the authorization server's metadata
 * and token endpoints too, often another company's host. The round gets the same fetch without them, as an
 * interactive sign-in does.
 */
function withoutServerHeaders(provider: AuthProvider, fetch: FetchLike): AuthProvider {
  if (!provider.onUnauthorized) return provider;
  const onUnauthorized = provider.onUnauthorized.bind(provider);
  return { token: () => provider.token(), onUnauthorized: (ctx) => onUnauthorized({ ...ctx, fetchFn: fetch }) };
}

function httpTransport(o: ConnectOptions): { transport: Transport; watcher: ChildWatcher } {
  const url = new URL(o.config.url ?? '');
  const limited = limitHttpMessages(o.maxMessageBytes ?? NO_LIMIT, (size, answered) => o.onOversize?.(size, answered));
  const fetch = watchChallenges(limited, (c) => o.onChallenge?.(c), url.href);
  const opts = {
    requestInit: { headers: o.spec.headers },
    fetch,
    ...(o.authProvider ? { authProvider: withoutServerHeaders(o.authProvider, fetch) } : {}),
  };
  const transport = o.config.sse ? new SSEClientTransport(url, opts) : new StreamableHTTPClientTransport(url, opts);
  if (o.onProtocol) tapTransport(transport, o.onProtocol);
  let done = false;
  let resolveExit!: (e: ChildExit) => void;
  const exited = new Promise<ChildExit>((r) => (resolveExit = r));
  // Protocol.connect chains onto an onclose set before it, so this still fires.
  transport.onclose = () => {
    done = true;
    resolveExit({ code: null, signal: null });
  };
  const watcher: ChildWatcher = {
    pid: () => null,
    spawnMs: () => null,
    exited,
    isExited: () => done,
    kill: () => void transport.close().catch(() => {}),
    sweep: () => Promise.resolve(),
  };
  return { transport, watcher };
}

function makeConnection(client: Client, transport: Transport, w: ChildWatcher, clock: Timers): Connection {
  let shutting: Promise<{ exit: ChildExit; signalled: boolean }> | undefined;
  const shutdown = async () => {
    let signalled = false;
    if (transport instanceof StreamableHTTPClientTransport && !w.isExited()) {
      // Lets the remote server drop our session now instead of waiting for its idle reaper.
      await settlesWithin(
        transport.terminateSession().catch(() => {}),
        GRACE_MS,
        clock,
      );
    }
    if (!w.isExited()) {
      // Client.close closes the transport: for stdio that ends stdin, which well-behaved servers exit on.
      void client.close().catch(() => {});
      if (!(await settlesWithin(w.exited, GRACE_MS, clock))) {
        signalled = true;
        w.kill('SIGTERM');
        if (!(await settlesWithin(w.exited, GRACE_MS, clock))) {
          w.kill('SIGKILL');
          await settlesWithin(w.exited, GRACE_MS * 2, clock);
        }
      }
    }
    // The leader is gone (or was SIGKILLed with its group): nothing of its group may outlive the stop.
    if (w.isExited()) await w.sweep();
    if (transport instanceof StreamableHTTPClientTransport) await transport.close().catch(() => {});
    const exit = w.isExited() ? await w.exited : { code: null, signal: 'SIGKILL' };
    return { exit, signalled };
  };
  return {
    client,
    pid: w.pid(),
    spawnMs: null,
    // Settles once the group is gone too, so a restart never overlaps the old run's descendants.
    closed: w.exited.then(async (exit) => (await w.sweep(), exit)),
    shutdown: () => (shutting ??= shutdown()),
  };
}

async function settlesWithin(p: Promise<unknown>, ms: number, clock: Timers): Promise<boolean> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<false>((r) => (timer = clock.setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}

/** Rejects when `p` has not settled within ms, or when the child went away first. */
async function withDeadline<T>(p: Promise<T>, ms: number, closed: Promise<ChildExit>, clock: Timers): Promise<T> {
  let timer: TimerHandle | undefined;
  const deadline = new Promise<never>((_, rej) => (timer = clock.setTimeout(() => rej(new Error('start deadline passed')), ms)));
  const gone = closed.then<never>((e) => {
    throw e.spawnError ?? new Error('process exited');
  });
  gone.catch(() => {});
  try {
    return await Promise.race([p, deadline, gone]);
  } finally {
    clock.clearTimeout(timer);
  }
}
