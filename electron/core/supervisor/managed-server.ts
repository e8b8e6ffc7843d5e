// One supervised server's lifecycle: start, stop, restart, reconfigure, and restarts with backoff
// after a crash, a failed start or a child that stopped answering pings. All lifecycle operations
// run one at a time through `queue`, so start/stop/restart never interleave.
// Composed, not inherited: it holds its record (status, logs, events), the current run (process
// handle and connection, with its pinger and list retry), and one object per policy: crash
// (crash-policy.ts), health (server-health.ts), environment (server-env-checks.ts) and install
// (server-install.ts). Each is built with the core's timers and tested alone.
import type { ExitInfo, ServerConfig, ServerStatus } from '../../../shared/types.js';
import type { Upstream } from '../upstream/upstream.js';
import { CrashPolicy } from './crash-policy.js';
import type { ChildExit, Connection } from './connection.js';
import { withVendorRetries } from './launch-command.js';
import { buildLaunchSpec } from './launch-env.js';
import type { LineSplitter, LogBuffer } from './log-buffer.js';
import type { ServerContext } from './server-context.js';
import { EnvChecks } from './server-env-checks.js';
import { ServerHealth, type Run } from './server-health.js';
import { ServerInstall } from './server-install.js';
import { launchServer } from './server-launch.js';
import { ServerRecord } from './server-record.js';
import { describeExit, describeStart, type StartTimes } from './status.js';

export class ManagedServer {
  private readonly rec: ServerRecord;
  private readonly crash: CrashPolicy;
  private readonly health: ServerHealth;
  private readonly envChecks: EnvChecks;
  private readonly installer: ServerInstall;
  /** The current run: the child's connection and what watches it; null when none is up. */
  private run: Run | null = null;
  /** The user (or autostart) wants it running; auto-restarts and queued starts respect this. */
  private wanted = false;
  private startAbort: AbortController | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Every launch after the first counts as a restart, whatever caused it (Restart, Stop+Start, backoff, config). */
  private launched = false;

  constructor(
    config: ServerConfig,
    private readonly ctx: ServerContext,
  ) {
    this.rec = new ServerRecord(config, ctx);
    this.crash = new CrashPolicy(() => ctx.settings(), ctx.env.clock);
    this.health = new ServerHealth(this.rec, ctx, () => this.run);
    this.envChecks = new EnvChecks(this.rec, ctx);
    this.installer = new ServerInstall(this.rec, ctx);
  }

  get id(): string {
    return this.rec.id;
  }

  get config(): ServerConfig {
    return this.rec.config;
  }

  get logs(): LogBuffer {
    return this.rec.logs;
  }

  status(): ServerStatus {
    return this.rec.status();
  }

  /** The connected upstream while running or degraded. */
  upstream(): Upstream | undefined {
    const up = this.rec.state === 'running' || this.rec.state === 'degraded';
    return this.run && up ? this.run.upstream : undefined;
  }

  refreshEnvPresence(): Promise<void> {
    return this.envChecks.refreshPresence();
  }

  start(): Promise<void> {
    this.wanted = true;
    this.crash.reset();
    this.cancelRestart();
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    this.wanted = false;
    this.cancelRestart();
    this.abortStart();
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    this.abortStart();
    this.cancelRestart();
    this.wanted = true;
    this.crash.reset();
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** Applies a config whose process-relevant fields changed. */
  async reconfigure(config: ServerConfig): Promise<void> {
    const active = this.wanted;
    await this.stop();
    this.rec.config = config;
    if (config.enabled && (active || config.autostart)) await this.start();
    else await this.envChecks.refreshPresence();
  }

  /** Applies a config that differs only in presentation/routing fields: no restart. */
  updateSoft(config: ServerConfig): void {
    const toolsChanged = JSON.stringify(config.disabledTools) !== JSON.stringify(this.config.disabledTools);
    const prefixChanged = config.toolPrefix !== this.config.toolPrefix;
    this.rec.config = config;
    if (this.run) {
      this.run.upstream = this.health.makeUpstream(this.run.conn.client);
      if (prefixChanged && this.upstream()) this.ctx.emitChange({ serverId: this.id, kinds: ['tools', 'prompts'] });
      else if (toolsChanged && this.upstream()) this.ctx.emitChange({ serverId: this.id, kinds: ['tools'] });
    }
    this.rec.emitStatus();
  }

  async remove(): Promise<void> {
    this.rec.removed = true;
    await this.stop();
  }

  /**
   * A variable it names changed (e.g. a key was cleared): update presence, and stop a running server whose
   * required key is now missing, with the reason, instead of leaving it up until the next restart.
   */
  async recheckEnv(): Promise<void> {
    await this.envChecks.refreshPresence();
    const missing = this.f.missingEnv;
    // Only a server that runs (or is about to) is stopped; one that never got its key just shows it missing.
    const active = this.run !== null || ['starting', 'installing', 'backoff'].includes(this.f.state);
    if (missing.length === 0 || !active) return;
    await this.stop();
    this.f.lastError = `stopped: required ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} removed`;
    this.system(this.f.lastError);
    this.rec.emitStatus();
  }

  /** A start still waiting for its child is cancelled; status says so at once (the child may take seconds to go). */
  private abortStart(): void {
    if (!this.startAbort) return;
    this.startAbort.abort();
    if (this.f.state === 'starting' || this.f.state === 'installing') this.setState('stopping');
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op).catch((err) => {
      this.ctx.env.logger.error('supervisor operation failed', { serverId: this.id, error: String(err) });
    });
    this.queue = next;
    return next;
  }

  private async doStart(): Promise<void> {
    if (this.run || !this.wanted || this.rec.removed) return;
    const begin = this.ctx.env.clock.now();
    // All are I/O (keychain, login shell): wait for them together, not one after the other.
    const [resolved, argSecret] = await Promise.all([this.envChecks.resolve(), this.envChecks.secretInArgs()]);
    // A stop that arrived while we were resolving had no start to abort yet.
    if (!this.wanted || this.rec.removed) return;
    const spec = withVendorRetries(
      this.config,
      buildLaunchSpec(this.config, resolved, this.ctx.env.processEnv),
      this.ctx.settings().retryAttempts,
    );
    if (!this.envChecks.preflight(spec, argSecret)) return;
    if (this.launched) this.f.restarts++;
    this.launched = true;
    this.f.nextRestartAt = null;
    this.setState('starting');
    const abort = (this.startAbort = new AbortController());
    this.health.selfDegraded = null;
    const parts = {
      rec: this.rec,
      ctx: this.ctx,
      health: this.health,
      installer: this.installer,
      onSignInNeeded: (reason: string) => this.onSignInNeeded(reason),
    };
    const out = await launchServer(parts, spec, abort.signal);
    this.startAbort = null;
    if (out.kind === 'cancelled') return this.system('start cancelled');
    if (out.kind === 'failed') return this.onFailure(out.info, null);
    if (out.kind === 'needs-sign-in') return this.markNeedsSignIn(out.reason, out.info);
    const { conn, split, t0 } = out;
    await this.becomeRunning(conn, split, { begin, t0, connected: this.ctx.env.clock.now() });
  }

  private async becomeRunning(conn: Connection, split: LineSplitter, t: StartTimes): Promise<void> {
    const run = this.health.newRun(conn, this.ctx.env.clock.now(), (r, n, err) => this.onPingFail(r, n, err));
    this.run = run;
    conn.closed
      .then((exit) => {
        split.flush();
        this.onRunExit(run, exit);
      })
      .catch((err) => this.ctx.env.logger.error('exit handling failed', { serverId: this.id, error: String(err) }));
    const listed = await this.health.refreshToolCount(run);
    if (this.run !== run) return; // exited while listing tools
    const protocolVersion = conn.client.getNegotiatedProtocolVersion();
    Object.assign(this.f, { pid: conn.pid, startedAt: run.startedAt, lastError: null, nextRestartAt: null, protocolVersion });
    this.system(
      `started${conn.pid ? ` (pid ${conn.pid})` : ''}, ${this.f.toolCount} tools; ${describeStart(conn.spawnMs, t, this.ctx.env.clock.now())}`,
    );
    if (listed === true) {
      this.setState('running');
      this.health.applySelfHealth();
    } else this.health.onListFailed(run, listed.error);
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
    this.setState('stopping');
    const { exit, signalled } = await run.conn.shutdown();
    this.f.lastExit = this.rec.exitInfo(signalled ? 'killed' : 'exited', exit);
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
    Object.assign(this.f, { pid: null, startedAt: null, protocolVersion: undefined });
    if (wasUpstream) this.ctx.emitChange({ serverId: this.id, kinds: ['tools', 'resources', 'prompts'] });
  }

  private onRunExit(run: Run, exit: ChildExit): void {
    if (run.stopping || this.run !== run) return;
    this.detach(run);
    const info = this.rec.exitInfo(exit.code === 0 ? 'exited' : 'crashed', exit);
    this.onFailure(info, run.startedAt);
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
      this.onFailure(
        this.rec.exitInfo('ping-timeout', exit, `no ping response within ${this.ctx.settings().pingTimeoutMs} ms`),
        run.startedAt,
      );
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
    const decision = this.crash.decide(info.at, runStartedAt);
    if (!this.wanted || this.rec.removed) return this.setState('stopped');
    if (decision.action === 'give-up') {
      this.system(`${this.crash.recentFailures} failures within ${s.crashLoopWindowMs} ms; not restarting until started manually`);
      return this.setState('failed');
    }
    this.f.nextRestartAt = info.at + decision.delayMs;
    this.system(`restarting in ${decision.delayMs} ms`);
    this.setState('backoff');
    this.crash.schedule(decision.delayMs, () => void this.enqueue(() => this.doStart()));
  }

  // OAuth for remote servers (issue 21 item 6)
  /** A running server refused us for want of a sign-in: end the run and wait for the user, no backoff. */
  private onSignInNeeded(reason: string): void {
    const run = this.run;
    if (!run) return; // a start in progress reports it through its outcome
    run.pinger.stop();
    void this.enqueue(async () => {
      if (this.run !== run) return;
      this.detach(run);
      const { exit } = await run.conn.shutdown();
      this.markNeedsSignIn(reason, this.rec.exitInfo('exited', exit, reason));
    });
  }

  signInFailed(message: string): void {
    this.system(message);
    if (this.f.state !== 'needs-sign-in') return;
    this.f.signInReason = message;
    this.rec.emitStatus();
  }

  private markNeedsSignIn(reason: string, info: ExitInfo): void {
    this.f.lastExit = info;
    this.f.signInReason = reason;
    this.f.lastError = `needs sign-in: ${reason}`;
    this.system(`${this.f.lastError}; run "mcp-orchestrator auth login ${this.id}" or press Sign in`);
    this.setState('needs-sign-in');
  }

  private cancelRestart(): void {
    this.crash.cancel();
    this.rec.f.nextRestartAt = null;
  }

  private get f() {
    return this.rec.f;
  }

  private setState(state: ServerStatus['state']): void {
    if (state !== 'needs-sign-in') this.f.signInReason = undefined;
    this.rec.setState(state);
  }

  private system(text: string): void {
    this.rec.system(text);
  }
}
