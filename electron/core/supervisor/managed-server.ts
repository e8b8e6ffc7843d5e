// One supervised server: its lifecycle state machine, restarts and health.
// All lifecycle operations run one at a time through `queue`, so start/stop/restart never interleave.
import { errorMessage } from '../../../shared/errors.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { readSelfHealth } from '../../../shared/health.js';
import type { ExitInfo, ServerConfig } from '../../../shared/types.js';
import type { ListKind, Upstream } from '../upstream/upstream.js';
import { recordFailure } from './crash-policy.js';
import { LaunchError, openConnection, type ChildExit, type Connection } from './connection.js';
import { Pinger } from './health.js';
import { argsSecretMessage } from '../../../shared/config-schema-secrets.js';
import { referencedVars } from '../../../shared/substitute.js';
import { prepareLaunch, withVendorRetries } from './launch-command.js';
import { buildLaunchSpec, namesToResolve, type LaunchSpec } from './launch-env.js';
import { ListRetry } from './list-retry.js';
import { LineSplitter } from './log-buffer.js';
import { ServerRecord } from './server-record.js';
import { describeExit, describeStart, type StartTimes } from './status.js';
import { countTools, createUpstreamClient } from './upstream-client.js';

const FULL_ENV_WARNING = 'env_passthrough "*": this server inherits the orchestrator\'s whole environment, including every exported key';

interface Run {
  conn: Connection;
  upstream: Upstream;
  startedAt: number;
  stopping: boolean;
  pinger: Pinger;
  /** Set while tools/list keeps failing; the server is degraded until it succeeds. */
  lists: ListRetry;
}

export class ManagedServer extends ServerRecord {
  private run: Run | null = null;
  /** The user (or autostart) wants it running; auto-restarts and queued starts respect this. */
  private wanted = false;
  private failures: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private startAbort: AbortController | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Every launch after the first counts as a restart, whatever caused it (Restart, Stop+Start, backoff, config). */
  private launched = false;
  /** The child's own "up but not usable yet" reason (shared/health.ts), kept until it says otherwise. */
  private selfDegraded: string | null = null;
  /** The gateway's receiver for the child's ordinary log notifications (see Upstream.onLogMessage). */
  private logSink: ((n: LoggingMessageNotification) => void) | undefined;

  /** The connected upstream while running or degraded. */
  upstream(): Upstream | undefined {
    return this.run && (this.f.state === 'running' || this.f.state === 'degraded') ? this.run.upstream : undefined;
  }

  start(): Promise<void> {
    this.wanted = true;
    this.failures = [];
    this.cancelRestart();
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    this.wanted = false;
    this.cancelRestart();
    this.startAbort?.abort();
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    this.startAbort?.abort();
    this.cancelRestart();
    this.wanted = true;
    this.failures = [];
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** Applies a config whose process-relevant fields changed. */
  async reconfigure(config: ServerConfig): Promise<void> {
    const active = this.wanted;
    await this.stop();
    this.config = config;
    if (config.enabled && (active || config.autostart)) await this.start();
    else await this.refreshEnvPresence();
  }

  /** Applies a config that differs only in presentation/routing fields: no restart. */
  updateSoft(config: ServerConfig): void {
    const toolsChanged = JSON.stringify(config.disabledTools) !== JSON.stringify(this.config.disabledTools);
    const prefixChanged = config.toolPrefix !== this.config.toolPrefix;
    this.config = config;
    if (this.run) {
      this.run.upstream = this.makeUpstream(this.run.conn.client);
      if (prefixChanged && this.upstream()) this.ctx.emitChange({ serverId: this.id, kinds: ['tools', 'prompts'] });
      else if (toolsChanged && this.upstream()) this.ctx.emitChange({ serverId: this.id, kinds: ['tools'] });
    }
    this.emitStatus();
  }

  async remove(): Promise<void> {
    this.removed = true;
    await this.stop();
  }

  async refreshEnvPresence(): Promise<void> {
    const resolved = await this.resolve();
    const spec = buildLaunchSpec(this.config, resolved, {});
    this.f.presence = spec.presence;
    this.f.missingEnv = spec.missingRequired;
    this.f.envWarning = spec.inheritsAll ? FULL_ENV_WARNING : undefined;
    this.emitStatus();
  }

  /**
   * A variable it names changed (e.g. a key was cleared): update presence, and stop a running server whose
   * required key is now missing, with the reason, instead of leaving it up until the next restart.
   */
  async recheckEnv(): Promise<void> {
    await this.refreshEnvPresence();
    const missing = this.f.missingEnv;
    // Only a server that runs (or is about to) is stopped; one that never got its key just shows it missing.
    const active = this.run !== null || this.f.state === 'starting' || this.f.state === 'backoff';
    if (missing.length === 0 || !active) return;
    await this.stop();
    this.f.lastError = `stopped: required ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} removed`;
    this.system(this.f.lastError);
    this.emitStatus();
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op).catch((err) => {
      this.ctx.env.logger.error('supervisor operation failed', { serverId: this.id, error: String(err) });
    });
    this.queue = next;
    return next;
  }

  private async resolve(): Promise<Record<string, string | undefined>> {
    try {
      return await this.ctx.resolveEnv(namesToResolve(this.config));
    } catch (err) {
      this.system(`could not resolve environment: ${String(err)}`);
      return {};
    }
  }

  /** A `${NAME}` in args naming a keychain secret (only known now; name-based cases fail at config load). */
  private async secretInArgs(): Promise<string | undefined> {
    const refs = new Set(this.config.args.flatMap(referencedVars));
    if (refs.size === 0) return undefined;
    const stored = await this.ctx.storedSecrets().catch(() => [] as string[]);
    return stored.find((n) => refs.has(n));
  }

  /** Records what the launch would look like; false (with the reason in status and log) when it must not start. */
  private preflight(spec: LaunchSpec, argSecret: string | undefined): boolean {
    this.f.presence = spec.presence;
    this.f.missingEnv = spec.missingRequired;
    this.f.envWarning = spec.inheritsAll ? FULL_ENV_WARNING : undefined;
    if (argSecret) {
      this.f.lastError = `not started: ${argsSecretMessage(argSecret)}`;
      this.system(this.f.lastError);
      this.setState('failed'); // retrying cannot help until the config changes
      return false;
    }
    if (spec.inheritsAll) this.system(`warning: ${FULL_ENV_WARNING}`);
    if (spec.missingRequired.length > 0) {
      this.f.lastError = `missing required environment: ${spec.missingRequired.join(', ')}`;
      this.system(`not started: ${this.f.lastError}`);
      this.setState('stopped');
      return false;
    }
    if (spec.unresolved.length) this.system(`unresolved variables left empty: ${spec.unresolved.join(', ')}`);
    return true;
  }

  private async doStart(): Promise<void> {
    if (this.run || !this.wanted || this.removed) return;
    const begin = this.ctx.env.clock.now();
    // All are I/O (keychain, login shell): wait for them together, not one after the other.
    const [resolved, argSecret] = await Promise.all([this.resolve(), this.secretInArgs()]);
    // A stop that arrived while we were resolving had no start to abort yet.
    if (!this.wanted || this.removed) return;
    const spec = withVendorRetries(
      this.config,
      buildLaunchSpec(this.config, resolved, this.ctx.env.processEnv),
      this.ctx.settings().retryAttempts,
    );
    if (!this.preflight(spec, argSecret)) return;
    if (this.launched) this.f.restarts++;
    this.launched = true;
    this.f.nextRestartAt = null;
    this.setState('starting');
    const abort = (this.startAbort = new AbortController());
    this.selfDegraded = null;
    const launch = await prepareLaunch(this.config, spec, this.ctx.env.builtinServersDir);
    if (launch.note) this.system(launch.note);
    const client = this.makeClient();
    const split = new LineSplitter((line) => this.log('stderr', line));
    const t0 = this.ctx.env.clock.now();
    let conn: Connection;
    try {
      conn = await openConnection({
        config: launch.config,
        spec: launch.spec,
        client,
        timeoutMs: this.ctx.settings().defaultTimeoutMs,
        onStderr: (chunk) => split.write(chunk),
        signal: abort.signal,
        guard: this.ctx.guard,
      });
    } catch (err) {
      split.flush();
      if (abort.signal.aborted) return this.system('start cancelled');
      const e = err instanceof LaunchError ? err : new LaunchError('crashed', String(err), { code: null, signal: null });
      return this.onFailure(this.exitInfo(e.reason, e.exit, e.message), null);
    } finally {
      this.startAbort = null;
    }
    await this.becomeRunning(conn, split, { begin, t0, connected: this.ctx.env.clock.now() });
  }

  private async becomeRunning(conn: Connection, split: LineSplitter, t: StartTimes): Promise<void> {
    const run: Run = {
      conn,
      upstream: this.makeUpstream(conn.client),
      startedAt: this.ctx.env.clock.now(),
      stopping: false,
      pinger: new Pinger(
        conn.client,
        () => this.ctx.settings(),
        {
          onOk: (ms) => this.onPingOk(run, ms),
          onFail: (n, err) => this.onPingFail(run, n, err),
        },
        this.ctx.env.clock,
      ),
      lists: new ListRetry(() => this.ctx.settings()),
    };
    this.run = run;
    conn.closed
      .then((exit) => {
        split.flush();
        this.onRunExit(run, exit);
      })
      .catch((err) => this.ctx.env.logger.error('exit handling failed', { serverId: this.id, error: String(err) }));
    const listed = await this.refreshToolCount(run);
    if (this.run !== run) return; // exited while listing tools
    Object.assign(this.f, { pid: conn.pid, startedAt: run.startedAt, lastError: null, nextRestartAt: null });
    this.system(
      `started${conn.pid ? ` (pid ${conn.pid})` : ''}, ${this.f.toolCount} tools; ${describeStart(conn.spawnMs, t, this.ctx.env.clock.now())}`,
    );
    if (listed === true) {
      this.setState('running');
      this.applySelfHealth();
    } else this.onListFailed(run, listed.error);
    run.pinger.start();
    this.ctx.emitChange({ serverId: this.id, kinds: ['tools', 'resources', 'prompts'] });
  }

  private async doStop(): Promise<void> {
    const run = this.run;
    if (!run) {
      if (this.f.state !== 'stopped') this.setState('stopped');
      return;
    }
    this.detach(run);
    this.system('stopping');
    const { exit, signalled } = await run.conn.shutdown();
    this.f.lastExit = this.exitInfo(signalled ? 'killed' : 'exited', exit);
    this.system(`stopped: ${describeExit(this.f.lastExit)}`);
    this.setState('stopped');
  }

  /** Forgets the run: no more pings, not an upstream any more. */
  private detach(run: Run): void {
    const wasUpstream = this.upstream() !== undefined;
    run.stopping = true;
    run.pinger.stop();
    run.lists.stop();
    this.run = null;
    Object.assign(this.f, { pid: null, startedAt: null });
    if (wasUpstream) this.ctx.emitChange({ serverId: this.id, kinds: ['tools', 'resources', 'prompts'] });
  }

  private onRunExit(run: Run, exit: ChildExit): void {
    if (run.stopping || this.run !== run) return;
    this.detach(run);
    const info = this.exitInfo(exit.code === 0 ? 'exited' : 'crashed', exit);
    this.onFailure(info, run.startedAt);
  }

  private onPingOk(run: Run, ms: number): void {
    if (this.run !== run) return;
    const slow = ms > this.ctx.settings().pingTimeoutMs / 2;
    if (slow && this.f.state === 'running') this.setState('degraded');
    else if (!slow && this.f.state === 'degraded' && !run.lists.failing && !this.selfDegraded) this.setState('running');
  }

  private onPingFail(run: Run, consecutive: number, err: unknown): void {
    if (this.run !== run) return;
    if (consecutive < 2) {
      this.system(`ping failed (${String(err)}); degraded`);
      return this.setState('degraded');
    }
    // Two misses in a row: the process may be alive but it is not serving; replace it.
    run.pinger.stop();
    void this.enqueue(async () => {
      if (this.run !== run) return;
      this.detach(run);
      this.system('ping timed out twice; restarting');
      const { exit } = await run.conn.shutdown();
      this.onFailure(this.exitInfo('ping-timeout', exit, `no ping response within ${this.ctx.settings().pingTimeoutMs} ms`), run.startedAt);
    });
  }

  /** Unexpected end of a run or a failed start: back off and retry, or give up on a crash loop. */
  private onFailure(info: ExitInfo, runStartedAt: number | null): void {
    this.f.lastExit = info;
    this.f.lastError = this.ctx.redact(describeExit(info));
    this.system(`${runStartedAt === null ? 'start failed' : 'exited'}: ${this.f.lastError}`);
    const s = this.ctx.settings();
    if (info.reason === 'spawn-failed') return this.setState('failed'); // retrying cannot help until config/PATH change
    this.setState('crashed');
    const { failures, decision } = recordFailure(this.failures, info.at, runStartedAt, s);
    this.failures = failures;
    if (!this.wanted || this.removed) return this.setState('stopped');
    if (decision.action === 'give-up') {
      this.system(`${failures.length} failures within ${s.crashLoopWindowMs} ms; not restarting until started manually`);
      return this.setState('failed');
    }
    this.f.nextRestartAt = info.at + decision.delayMs;
    this.system(`restarting in ${decision.delayMs} ms`);
    this.setState('backoff');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.enqueue(() => this.doStart());
    }, decision.delayMs);
  }

  private cancelRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.f.nextRestartAt = null;
  }

  private makeClient(): Client {
    const client: Client = createUpstreamClient(
      (kind) => void this.onListChanged(client, kind),
      (err) => this.ctx.env.logger.debug('upstream transport error', { serverId: this.id, error: String(err) }),
    );
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const health = readSelfHealth(n.params);
      // Reports from a previous run's client are stale; during a start this.run is not set yet.
      const current = this.run ? this.run.conn.client === client : this.f.state === 'starting';
      if (!health) {
        if (current) this.logSink?.(n);
        return;
      }
      if (!current) return;
      const before = this.selfDegraded;
      this.selfDegraded = health.degraded ? (health.reason ?? 'the server reports it is not ready') : null;
      this.applySelfHealth();
      // What it can serve changed: the router re-evaluates which of its tools to list.
      if (this.run && (before === null) !== (this.selfDegraded === null)) this.ctx.emitChange({ serverId: this.id, kinds: ['tools'] });
    });
    return client;
  }

  /** Reflects the child's self-report in the state, once it is running (a report may arrive during start). */
  private applySelfHealth(): void {
    const up = this.f.state === 'running' || this.f.state === 'degraded';
    if (!up) return;
    if (this.selfDegraded) {
      if (this.f.lastError !== this.selfDegraded) this.system(this.selfDegraded);
      this.f.lastError = this.selfDegraded;
      this.setState('degraded');
    } else if (this.f.state === 'degraded' && !this.run?.lists.failing) {
      this.f.lastError = null;
      this.setState('running');
    }
  }

  private makeUpstream(client: Client): Upstream {
    const c = this.config;
    const timeoutMs = c.timeoutMs ?? this.ctx.settings().defaultTimeoutMs;
    return {
      id: c.id,
      client,
      disabledTools: new Set(c.disabledTools),
      namespace: c.id,
      prefix: c.toolPrefix,
      timeoutMs,
      ready: () => !this.selfDegraded,
      onLogMessage: (sink) => {
        this.logSink = sink;
      },
    };
  }

  private async onListChanged(client: Client, kind: ListKind): Promise<void> {
    const run = this.run;
    if (!run || run.conn.client !== client) return;
    this.ctx.emitChange({ serverId: this.id, kinds: [kind] });
    if (kind === 'tools' && !run.lists.failing) {
      const listed = await this.refreshToolCount(run);
      if (listed !== true) this.onListFailed(run, listed.error);
      this.emitStatus();
    }
  }

  /** Lists tools (all pages) within the server's request timeout; the error when it fails. */
  private async refreshToolCount(run: Run): Promise<true | { error: unknown }> {
    try {
      const count = await countTools(run.conn.client, this.config.timeoutMs ?? this.ctx.settings().defaultTimeoutMs);
      if (this.run === run) this.f.toolCount = count;
      return true;
    } catch (error) {
      return { error };
    }
  }

  /** A connected server that cannot list its tools is not usable: degraded, retried with backoff. */
  private onListFailed(run: Run, error: unknown): void {
    if (this.run !== run) return;
    const message = errorMessage(error);
    this.f.lastError = this.ctx.redact(`tools/list failed: ${message}`);
    const delay = run.lists.failed(() => void this.retryList(run));
    this.system(`${this.f.lastError}; degraded, retrying in ${delay} ms`);
    this.setState('degraded');
  }

  private async retryList(run: Run): Promise<void> {
    if (this.run !== run) return;
    const listed = await this.refreshToolCount(run);
    if (this.run !== run) return;
    if (listed !== true) return this.onListFailed(run, listed.error);
    run.lists.succeeded();
    this.f.lastError = null;
    this.system(`tools/list succeeded again, ${this.f.toolCount} tools`);
    this.setState('running');
    this.ctx.emitChange({ serverId: this.id, kinds: ['tools'] });
  }
}
