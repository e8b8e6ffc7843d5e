// The health policy of a running server: its MCP client and what the child reports on it (self-health,
// list changes), tools/list with retries, and slow pings. Decides running vs degraded; restarting a
// server that stopped answering is the lifecycle's (managed-server.ts). It sees the current run
// through `current()`, so a report about a run that already ended is ignored.
import { pinningMode } from '../../../shared/pinning.js';
import { errorMessage } from '../../../shared/errors.js';
import type { Client } from '../sdk/client.js';
import type { LoggingMessageNotification } from '../sdk/types.js';
import { readSelfHealth } from '../../../shared/health.js';
import type { ListKind, Upstream } from '../upstream/upstream.js';
import type { Connection } from './connection.js';
import { Pinger } from './health.js';
import { ListRetry } from './list-retry.js';
import type { ServerContext } from './server-context.js';
import type { ServerRecord } from './server-record.js';
import { countTools, createUpstreamClient } from './upstream-client.js';
import { versionNegotiation } from './era-memory.js';

export interface Run {
  conn: Connection;
  upstream: Upstream;
  startedAt: number;
  stopping: boolean;
  pinger: Pinger;
  /** Set while tools/list keeps failing; the server is degraded until it succeeds. */
  lists: ListRetry;
}

export class ServerHealth {
  /** The child's own "up but not usable yet" reason (shared/health.ts), kept until it says otherwise. */
  selfDegraded: string | null = null;
  /** The gateway's receiver for the child's ordinary log notifications (see Upstream.onLogMessage). */
  private logSink: ((n: LoggingMessageNotification) => void) | undefined;

  constructor(
    private readonly rec: ServerRecord,
    private readonly ctx: Pick<ServerContext, 'env' | 'settings' | 'redact' | 'emitChange'>,
    private readonly current: () => Run | null,
  ) {}

  /** A new run's watchers: pings (a slow answer degrades; failures go to `onPingFail`) and tools/list retries. */
  newRun(conn: Connection, startedAt: number, onPingFail: (run: Run, consecutive: number, err: unknown) => void): Run {
    const timing = () => this.ctx.settings();
    const run: Run = {
      conn,
      upstream: this.makeUpstream(conn.client),
      startedAt,
      stopping: false,
      pinger: new Pinger(
        conn.client,
        timing,
        { onOk: (ms) => this.onPingOk(run, ms), onFail: (n, err) => onPingFail(run, n, err) },
        this.ctx.env.clock,
      ),
      lists: new ListRetry(timing, this.ctx.env.clock),
    };
    return run;
  }

  private get run(): Run | null {
    return this.current();
  }

  private get f() {
    return this.rec.f;
  }

  private get config() {
    return this.rec.config;
  }

  private get id(): string {
    return this.rec.id;
  }

  private setState(state: Parameters<ServerRecord['setState']>[0]): void {
    this.rec.setState(state);
  }

  private system(text: string): void {
    this.rec.system(text);
  }

  onPingOk(run: Run, ms: number): void {
    if (this.run !== run) return;
    const slow = ms > this.ctx.settings().pingTimeoutMs / 2;
    if (slow && this.f.state === 'running') this.setState('degraded');
    else if (!slow && this.f.state === 'degraded' && !run.lists.failing && !this.selfDegraded) this.setState('running');
  }

  makeClient(): Client {
    const client: Client = createUpstreamClient(
      (kind) => void this.onListChanged(client, kind),
      (err) => this.ctx.env.logger.debug('upstream transport error', { serverId: this.id, error: String(err) }),
      versionNegotiation(this.config.protocol, this.config.transport),
    );
    client.setNotificationHandler('notifications/message', (n) => {
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
  applySelfHealth(): void {
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

  makeUpstream(client: Client): Upstream {
    const c = this.config;
    const settings = this.ctx.settings;
    return {
      id: c.id,
      client,
      disabledTools: new Set(c.disabledTools),
      namespace: c.id,
      prefix: c.toolPrefix,
      pinning: pinningMode(c),
      // Read per call: an edited orchestrator.default_timeout applies to the next call, no restart.
      get timeoutMs() {
        return c.timeoutMs ?? settings().defaultTimeoutMs;
      },
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
      this.rec.emitStatus();
    }
  }

  /** Lists tools (all pages) within the server's request timeout; the error when it fails. */
  async refreshToolCount(run: Run): Promise<true | { error: unknown }> {
    try {
      const count = await countTools(run.conn.client, this.config.timeoutMs ?? this.ctx.settings().defaultTimeoutMs);
      if (this.run === run) this.f.toolCount = count;
      return true;
    } catch (error) {
      // A remembered era may be what broke (a server moved back to 2025): the next start probes again.
      this.rec.era.forget();
      return { error };
    }
  }

  /** A connected server that cannot list its tools is not usable: degraded, retried with backoff. */
  onListFailed(run: Run, error: unknown): void {
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
