// One supervised server's lifecycle: start, stop, restart, reconfigure, and restarts with backoff
// after a crash, a failed start or a child that stopped answering pings. All lifecycle operations
// run one at a time through `queue`, so start/stop/restart never interleave. The health of a
// running child is server-health.ts; whether it may start at all, server-env-checks.ts.
import type { ExitInfo, ServerConfig } from '../../../shared/types.js';
import { recordFailure } from './crash-policy.js';
import { GRACE_MS, LaunchError, openConnection, type ChildExit, type Connection } from './connection.js';
import { Pinger } from './health.js';
import { prepareLaunch, withVendorRetries } from './launch-command.js';
import { buildLaunchSpec, type LaunchSpec } from './launch-env.js';
import { ListRetry } from './list-retry.js';
import { LineSplitter } from './log-buffer.js';
import { installNpxPackage, NpxInstallError } from './npx-install.js';
import { MonitoredServer, type Run } from './server-health.js';
import { describeExit, describeStart, type StartTimes } from './status.js';

export class ManagedServer extends MonitoredServer {
  /** The user (or autostart) wants it running; auto-restarts and queued starts respect this. */
  private wanted = false;
  private failures: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private startAbort: AbortController | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Every launch after the first counts as a restart, whatever caused it (Restart, Stop+Start, backoff, config). */
  private launched = false;

  start(): Promise<void> {
    this.wanted = true;
    this.failures = [];
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

  /**
   * A variable it names changed (e.g. a key was cleared): update presence, and stop a running server whose
   * required key is now missing, with the reason, instead of leaving it up until the next restart.
   */
  async recheckEnv(): Promise<void> {
    await this.refreshEnvPresence();
    const missing = this.f.missingEnv;
    // Only a server that runs (or is about to) is stopped; one that never got its key just shows it missing.
    const active = this.run !== null || ['starting', 'installing', 'backoff'].includes(this.f.state);
    if (missing.length === 0 || !active) return;
    await this.stop();
    this.f.lastError = `stopped: required ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} removed`;
    this.system(this.f.lastError);
    this.emitStatus();
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
    let launch: Awaited<ReturnType<typeof prepareLaunch>>;
    try {
      const install = (command: string, pkg: string) => this.installNpx(command, pkg, spec, abort.signal);
      launch = await prepareLaunch(this.config, spec, this.ctx.env.builtinServersDir, install);
    } catch (err) {
      this.startAbort = null;
      if (abort.signal.aborted) return this.system('start cancelled');
      const reason = err instanceof NpxInstallError && err.spawnFailed ? 'spawn-failed' : 'crashed';
      return this.onFailure(this.exitInfo(reason, { code: null, signal: null }, String((err as Error).message)), null);
    }
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
        clock: this.ctx.env.clock,
        maxMessageBytes: () => this.config.maxMessageBytes ?? this.ctx.settings().maxMessageBytes,
        onOversize: (size, answered) =>
          this.system(`dropped a message of ${size} bytes, over max_message_bytes${answered ? ' (its request got an error)' : ''}`),
        onProtocol: this.ctx.protocol?.sink(this.config.id),
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

  /** An npx package's first install: its own state and time bound, not counted against the start timeout. */
  private async installNpx(command: string, pkg: string, spec: LaunchSpec, signal: AbortSignal): Promise<void> {
    this.setState('installing');
    this.system(`installing ${pkg} with npx before starting it`);
    const t0 = this.ctx.env.clock.now();
    const onLine = (line: string) => this.log('stderr', line);
    await installNpxPackage({
      command,
      pkg,
      env: spec.env,
      cwd: this.config.cwd,
      signal,
      onLine,
      guard: this.ctx.guard,
      graceMs: GRACE_MS,
    });
    this.system(`installed ${pkg} in ${this.ctx.env.clock.now() - t0} ms`);
    this.setState('starting');
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
    this.setState('stopping');
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
}
