// Runs the configured MCP servers: starts, watches, restarts and stops them, and hands their
// connected clients to the gateway and router as an UpstreamSource.
import { Emitter } from '../../../shared/emitter.js';
import { errorMessage } from '../../../shared/errors.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { LogLine, OrchestratorSettings, ServerConfig, ServerStatus } from '../../../shared/types.js';
import type { CoreEnv } from '../env.js';
import type { CallMetrics } from '../metrics/latency.js';
import type { Upstream, UpstreamChange, UpstreamSource } from '../upstream/upstream.js';
import { compareConfigs } from './config-diff.js';
import { ManagedServer } from './managed-server.js';
import { orphanWatchdog, type PidGuard } from './orphan-watchdog.js';
import type { RemoteAuth } from '../oauth/remote-auth.js';
import type { ServerContext } from './server-context.js';
import { sandboxHost } from './sandbox-host.js';
import { ProtocolLogs } from './protocol-log.js';

export interface SupervisorOptions {
  env: CoreEnv;
  settings: () => OrchestratorSettings;
  /** Values for env var names, keychain first, then the environment. */
  resolveEnv: (names: string[]) => Promise<Record<string, string | undefined>>;
  redact: (text: string) => string;
  /** Names stored in the keychain; none when not given. */
  storedSecrets?: () => Promise<string[]>;
  metrics: CallMetrics;
  /** Defaults to the process-wide orphan watchdog; null turns it off. */
  guard?: PidGuard | null;
  /** The config file, hidden from sandboxed children with its folder. */
  configPath?: string;
  // OAuth for remote servers (issue 21 item 6)
  /** Remote servers' OAuth tokens (keychain); absent: no remote server is ever given a token. */
  oauth?: RemoteAuth;
}

export class Supervisor implements UpstreamSource {
  private servers = new Map<string, ManagedServer>();
  // A throwing listener is a bug in the listener; it must not break supervision.
  private readonly onListenerError = (err: unknown) =>
    this.opts.env.logger.error('supervisor listener threw', { error: errorMessage(err) });
  private readonly statusEvents = new Emitter<[ServerStatus]>(this.onListenerError);
  private readonly logEvents = new Emitter<[LogLine]>(this.onListenerError);
  private readonly changeEvents = new Emitter<[UpstreamChange]>(this.onListenerError);
  private readonly ctx: ServerContext;
  /** issue 23 (inspector-b): every child's JSON-RPC messages, per server. */
  readonly protocol: ProtocolLogs;

  constructor(private readonly opts: SupervisorOptions) {
    this.protocol = new ProtocolLogs(opts.env.clock);
    this.ctx = {
      protocol: this.protocol,
      env: opts.env,
      settings: opts.settings,
      resolveEnv: opts.resolveEnv,
      redact: opts.redact,
      storedSecrets: opts.storedSecrets ?? (async () => []),
      metrics: opts.metrics,
      emitStatus: (s) => this.statusEvents.emit(s),
      emitLog: (l) => this.logEvents.emit(l),
      emitChange: (c) => this.changeEvents.emit(c),
      guard: opts.guard === null ? undefined : (opts.guard ?? orphanWatchdog()),
      oauth: opts.oauth,
      sandbox: sandboxHost({
        processEnv: opts.env.processEnv,
        dataDir: opts.env.dataDir,
        configPath: opts.configPath,
        bwrapPath: opts.env.bwrapPath,
      }),
    };
  }

  /**
   * Registers servers (first call) or applies the difference to the current set: removed ones stop,
   * changed ones restart, added ones start when enabled and autostart. Unchanged servers are not touched.
   * Resolves when every start/stop attempt has settled; one failure never blocks the others.
   */
  async setServers(configs: ServerConfig[]): Promise<void> {
    const next = new Map<string, ManagedServer>();
    const tasks: Promise<void>[] = [];
    const wanted = new Set(configs.map((c) => c.id));
    for (const [id, server] of this.servers) if (!wanted.has(id)) tasks.push(server.remove().finally(() => this.protocol.forget(id)));
    for (const config of configs) {
      const existing = this.servers.get(config.id);
      if (!existing) {
        const server = new ManagedServer(config, this.ctx);
        next.set(config.id, server);
        tasks.push(config.enabled && config.autostart ? server.start() : server.refreshEnvPresence());
        continue;
      }
      next.set(config.id, existing);
      const change = compareConfigs(existing.config, config);
      if (change === 'soft') existing.updateSoft(config);
      else if (change === 'restart') tasks.push(existing.reconfigure(config));
    }
    this.servers = next;
    await Promise.allSettled(tasks);
  }

  async start(id: string): Promise<void> {
    return this.server(id).start();
  }

  async stop(id: string): Promise<void> {
    return this.server(id).stop();
  }

  async restart(id: string): Promise<void> {
    return this.server(id).restart();
  }

  /**
   * Asks for a stop (or restart) and returns at once, without waiting for the child, which may take
   * seconds to go or, restarting, up to its start timeout to answer; the state shows the progress
   * (stopping, stopped, starting, running) and the log the outcome. Throws SERVER_NOT_FOUND.
   */
  requestStop(id: string): void {
    void this.server(id).stop();
  }

  requestRestart(id: string): void {
    void this.server(id).restart();
  }

  /** Starts every enabled server, in parallel. */
  async startAll(): Promise<void> {
    await Promise.allSettled([...this.servers.values()].filter((s) => s.config.enabled).map((s) => s.start()));
  }

  /** Stops every server in parallel; resolves when every child has exited. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.servers.values()].map((s) => s.stop()));
  }

  /** After a secret changed: servers naming it re-check presence; one running without a required key stops. */
  async envChanged(name: string): Promise<void> {
    const affected = [...this.servers.values()].filter((s) => s.status().requiredEnv[name] !== undefined);
    await Promise.allSettled(affected.map((s) => s.recheckEnv()));
  }

  /**
   * orchestrator.retry_attempts reaches a built-in's vendor HTTP retries through its environment at
   * spawn (launch-command.ts withVendorRetries); running built-ins that take it are restarted to apply it.
   */
  async restartForRetrySetting(): Promise<void> {
    const takes = (s: ManagedServer) => s.config.builtin !== undefined && s.config.env.HTTP_MAX_ATTEMPTS === undefined;
    const active = (s: ManagedServer) => ['running', 'degraded', 'starting'].includes(s.status().state);
    const affected = [...this.servers.values()].filter((s) => takes(s) && active(s));
    await Promise.allSettled(affected.map((s) => s.restart()));
  }

  statuses(): ServerStatus[] {
    return [...this.servers.values()].map((s) => s.status());
  }

  status(id: string): ServerStatus {
    return this.server(id).status();
  }

  /** The last 1,000 lines of the server's stderr (redacted) and supervisor notes, oldest first. */
  /** OAuth (issue 21 item 6): a sign-in the user started failed; a server waiting for one shows why. */
  signInFailed(id: string, message: string): void {
    this.servers.get(id)?.signInFailed(message);
  }

  logs(id: string): LogLine[] {
    return this.server(id).logs.toArray();
  }

  onStatus(listener: (s: ServerStatus) => void): () => void {
    return this.statusEvents.on(listener);
  }

  onLog(listener: (l: LogLine) => void): () => void {
    return this.logEvents.on(listener);
  }

  onChange(listener: (change: UpstreamChange) => void): () => void {
    return this.changeEvents.on(listener);
  }

  list(): Upstream[] {
    const out: Upstream[] = [];
    for (const s of this.servers.values()) {
      const u = s.upstream();
      if (u) out.push(u);
    }
    return out;
  }

  get(id: string): Upstream | undefined {
    return this.servers.get(id)?.upstream();
  }

  /**
   * Resolves true once the server is connected (through another connection than `stale`, the one a request
   * just failed on); false at once when it is not on its way (stopped, failed, unknown), or when it settles
   * that way, the wait ends or the signal aborts. For retrying a request.
   */
  whenConnected(id: string, timeoutMs: number, signal?: AbortSignal, stale?: Upstream): Promise<boolean> {
    const server = this.servers.get(id);
    if (!server || signal?.aborted) return Promise.resolve(false);
    const connected = () => {
      const up = server.upstream();
      return up !== undefined && up !== stale;
    };
    // A connection that just failed may not have been noticed yet: its server still looks running.
    const coming = (s: ServerStatus) =>
      s.enabled &&
      (s.state === 'installing' ||
        s.state === 'starting' ||
        s.state === 'backoff' ||
        s.state === 'crashed' ||
        (stale !== undefined && server.upstream() === stale));
    if (connected()) return Promise.resolve(true);
    if (!coming(server.status())) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.opts.env.clock.clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onAbort = () => done(false);
      const off = this.onStatus((s) => {
        if (s.id !== id) return;
        if (connected()) done(true);
        else if (!coming(s)) done(false);
      });
      const timer = this.opts.env.clock.setTimeout(() => done(false), timeoutMs);
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private server(id: string): ManagedServer {
    const s = this.servers.get(id);
    if (!s) throw new AppError(ErrorCode.SERVER_NOT_FOUND, `no server with id "${id}"`);
    return s;
  }
}
