// The core's life: its env, config, events and status; start() builds the parts (core-start.ts)
// and opens the gateway, stop() takes them down. The operations built on a started core are
// MCPOrchestrator's (create-core.ts).
import { Emitter } from '../../shared/emitter.js';
import { AppError, ErrorCode, errorMessage } from '../../shared/errors.js';
import path from 'node:path';
import type { ControlEventListener, ControlEventName, ControlEvents } from '../../shared/contract.js';
import type { AppConfig, OrchestratorSettings, OrchestratorStatus } from '../../shared/types.js';
import { ConfigStore } from './config/config-store.js';
import { removeRuntimeFile, writeRuntimeFile } from './config/runtime-file.js';
import { settingsOutcome, type SettingsOutcome } from './config/settings-change.js';
import { buildGateway, buildParts, type CoreParts } from './core-start.js';
import { buildStatus, StatusPush, vendorStatus } from './core-status.js';
import { statusRoute } from './status-route.js';
import { liveEntry } from './supervisor/protocol-log.js';
import { systemClock, silentLogger, type CoreEnv } from './env.js';
import type { Gateway, HttpRoute } from './gateway/gateway.js';
import { CallMetrics } from './metrics/latency.js';
import { ClientTokenStore } from './secrets/client-tokens.js';
import { PinStore } from './trust/pins.js';
import { RunIdentity } from './gateway/identity.js';
import { Redactor, redactingLogger } from './secrets/redact.js';
import type { SecretStore } from './secrets/secret-store.js';
import { findAppRoot } from './app-root.js';
import { stdioLauncher, withKeychainService, type StdioLauncher } from './stdio-launcher.js';
import type { CallKind } from './upstream/upstream.js';
import { QuestionBroker } from './trust/questions.js';

export interface CoreOptions {
  configPath: string;
  dataDir: string;
  env?: Partial<Omit<CoreEnv, 'dataDir'>>;
  /** Keychain service name; tests use their own. */
  secretService?: string;
  /** Overrides the keychain (tests, or a caller that already made one). */
  secretStore?: SecretStore;
  /** Overrides the config's gateway port (0 picks a free port). */
  port?: number;
  /** Extra HTTP routes on the gateway's server (web UI); the control API is mounted with `mount()`. */
  routes?: HttpRoute[];
  /** Merge the login shell's PATH into children's PATH (GUI launches). */
  useLoginShellPath?: boolean;
  /** How IDE snippets run this installation's stdio bridge; default: this Node (or Electron) on this package's bin/. */
  stdioLauncher?: StdioLauncher;
}

export class CoreLifecycle {
  /** Replaced (never mutated) when start() merges the login shell's PATH. */
  env: CoreEnv;
  readonly config: ConfigStore;
  readonly metrics = new CallMetrics();
  /** Records a call and lets the UI see new figures (throttled: at most one push per interval). */
  readonly recorder = {
    record: (serverId: string, ms: number, ok: boolean, kind?: CallKind) => {
      this.metrics.record(serverId, ms, ok, kind);
      this.statusPush.queueMetrics();
    },
  };
  private readonly statusPush = new StatusPush(
    () => {
      if (this.events.size) this.emit('status', this.getServerStatus());
    },
    () => this.env.clock,
  );
  private listRevision = 0;
  readonly redactor = new Redactor();
  /** The absolute command that runs this installation's CLI (the Connect panel's stdio snippet). */
  readonly stdioLauncher: StdioLauncher;
  // Built by start(); reached from outside only through narrow operations, which check running (live()).
  private parts?: CoreParts;
  protected gateway?: Gateway;
  private readonly routes: HttpRoute[] = [];
  token = '';
  tokenLocation = '';
  /** Client tokens (hashes only), shared with the CLI through the data folder. */
  protected readonly clients: ClientTokenStore;
  /** Issue 22: what the user approved of each server's tools, prompts and templates (pins.json in the data folder). */
  protected readonly pins: PinStore;
  /** This run's proof of identity for clients (GET /identity, runtime.json in the data folder). */
  private readonly identity = new RunIdentity();
  private readonly startedAt: number;
  private readonly events = new Emitter<[ControlEventName, unknown]>((err) =>
    this.env.logger.warn('event listener failed', { error: errorMessage(err) }),
  );
  private closers: Array<() => Promise<void> | void> = [];
  protected running = false;
  protected endpoint: { url: string; port: number } | null = null;
  private childrenSettled: Promise<void> = Promise.resolve();
  /** The settings the gateway started with; a later edit of a restart-only key is reported against them. */
  private startedSettings?: OrchestratorSettings;
  private needsRestart: string[] = [];
  protected readonly tokenRotations = new Emitter<[]>((err) =>
    this.env.logger.warn('token rotation listener failed', { error: errorMessage(err) }),
  );
  /** What the core waits on the user for (tool-call approvals); each change is pushed as `questions`. */
  readonly questions: QuestionBroker;

  constructor(private readonly options: CoreOptions) {
    this.env = {
      // Every log line leaving the core passes the redactor, whoever wrote it.
      logger: redactingLogger(options.env?.logger ?? silentLogger, this.redactor),
      clock: options.env?.clock ?? systemClock,
      processEnv: options.env?.processEnv ?? { ...process.env },
      builtinServersDir: options.env?.builtinServersDir,
      dataDir: options.dataDir,
    };
    this.startedAt = this.env.clock.now();
    this.questions = new QuestionBroker({ clock: this.env.clock, onChange: (pending) => this.emit('questions', pending) });
    this.clients = ClientTokenStore.forDataDir(this.env.dataDir, this.env.clock, this.env.logger);
    this.pins = PinStore.forDataDir(this.env.dataDir, this.env.clock, this.env.logger);
    this.pins.onCountsChanged(() => this.queueStatus());
    // A review changes the lists without any child saying so: the UI refetches them on a new revision.
    this.pins.onReviewed(() => {
      this.listRevision++;
      this.queueStatus();
    });
    this.stdioLauncher = withKeychainService(
      options.stdioLauncher ??
        stdioLauncher({ execPath: process.execPath, appRoot: findAppRoot(import.meta.url), electron: Boolean(process.versions.electron) }),
      options.secretService,
    );
    this.config = new ConfigStore({ path: path.resolve(options.configPath), logger: this.env.logger, timers: this.env.clock });
    this.routes.push(...(options.routes ?? []));
    this.routes.push(
      statusRoute({
        status: () => this.getServerStatus(),
        tools: () => this.gateway?.aggregator.listTools() ?? null,
        redact: (v) => this.redactor.redactDeep(v, { byFieldName: false }),
      }),
    );
  }

  /** Adds HTTP routes (the control API) to the gateway's server; only before start(). */
  mount(...routes: HttpRoute[]): void {
    if (this.gateway) throw new AppError(ErrorCode.INTERNAL, 'routes must be mounted before start()');
    this.routes.push(...routes);
  }

  get isRunning(): boolean {
    return this.running;
  }

  settings = (): OrchestratorSettings => {
    const current = this.config.current;
    if (!current) throw new AppError(ErrorCode.CONFIG_NOT_FOUND, 'configuration not loaded');
    return current.orchestrator;
  };

  /** Loads config and secrets, opens the gateway and starts children in parallel without waiting for them. */
  async start(): Promise<{ url: string; port: number }> {
    const { secretStore, secretService, useLoginShellPath } = this.options;
    const parts = await buildParts({
      secretStore,
      secretService,
      useLoginShellPath,
      env: this.env,
      config: this.config,
      redactor: this.redactor,
      metrics: this.metrics,
      recorder: this.recorder,
      settings: this.settings,
      onStatus: () => this.queueStatus(),
      onRoutingActivity: () => this.statusPush.queueMetrics(),
      onLog: (line) => this.emit('log', line),
      // Any tools/prompts/resources change bumps the revision so the UI refetches its lists.
      onListsChanged: () => {
        this.listRevision++;
        this.queueStatus();
      },
    });
    const { config, supervisor } = parts;
    this.parts = parts;
    // issue 23 (inspector-b): a protocol message is pushed live only while a UI views that server's log.
    const protocolRedact = <T>(v: T) => this.redactor.redactDeep(v, { byFieldName: false });
    this.closers.push(
      parts.supervisor.protocol.onEntry((e) => {
        if (this.events.size) this.emit('protocol', liveEntry(e, protocolRedact));
      }),
    );
    this.startedSettings = config.orchestrator;
    this.env = parts.env;
    this.token = parts.token.token;
    // The run's own secrets never leave in a log line or a reply either.
    this.redactor.add(this.identity.nonce);
    this.redactor.add(this.identity.bridgeToken);
    this.tokenLocation = parts.token.location;
    // Spawn the children now, but never wait for them: the gateway, /health and the UI listen at
    // once and each child joins through list_changed when it is ready. A child stuck in
    // initialize must not keep clients away for its whole start timeout.
    const children = supervisor.setServers(config.servers);
    let endpoint: { url: string; port: number };
    let gateway: Gateway;
    try {
      gateway = this.gateway = await buildGateway(parts, {
        recorder: this.recorder,
        settings: this.settings,
        redactor: this.redactor,
        routes: this.routes,
        getToken: () => this.token,
        clients: this.clients,
        identity: this.identity,
        closers: this.closers,
        servers: () => this.config.current?.servers ?? [],
        pins: this.pins,
        profiles: () => this.config.current?.profiles ?? [],
        questions: this.questions,
        onAudit: (entry) => this.emit('audit', entry),
      });
      gateway.profiles.onRefresh(() => this.queueStatus());
      // Profiles name tools of children still starting: judge them once those starts settled.
      void gateway.profiles.holdWarningsUntil(
        children,
        () => gateway.baseUrl(),
        () => this.running,
      );
      await this.applyProfiles(config);
      endpoint = await gateway.start(this.options.port);
    } catch (err) {
      // A taken port must not leave the children we already started behind.
      await supervisor.stopAll();
      await children;
      for (const close of this.closers.splice(0)) await close();
      throw err;
    }
    this.childrenSettled = children;
    this.endpoint = endpoint;
    // Summaries carry the endpoint URLs, known only now.
    await gateway.profiles.refresh(gateway.baseUrl());
    this.config.onReload((e) => void this.onConfigReload(e));
    this.config.watch();
    this.running = true;
    // Lets the CLI find this orchestrator and act on its config (not on the default path).
    await writeRuntimeFile(this.env.dataDir, {
      pid: process.pid,
      url: endpoint.url,
      configPath: this.config.path,
      nonce: this.identity.nonce,
    }).catch((err: unknown) =>
      this.env.logger.warn('cannot write the runtime file; CLI commands fall back to the default config', { error: errorMessage(err) }),
    );
    this.env.logger.info('orchestrator started', { endpoint: endpoint.url, servers: config.servers.length });
    this.queueStatus();
    return endpoint;
  }

  /** Resolves once every child's first start attempt (after start()) has settled, whatever its outcome. */
  childrenStarted(): Promise<void> {
    return this.childrenSettled;
  }

  /** Called after the token changed; streams authorised by the old token close themselves. */
  onTokenRotated(listener: () => void): () => void {
    return this.tokenRotations.on(listener);
  }

  /** Stops the gateway and every child; resolves when all are gone. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await removeRuntimeFile(this.env.dataDir, process.pid);
    this.config.close();
    await this.gateway?.stop();
    await this.parts?.supervisor.stopAll();
    for (const close of this.closers.splice(0)) await close();
    await this.pins.flush();
  }

  subscribe(listener: ControlEventListener): () => void {
    return this.events.on(listener as (name: ControlEventName, payload: unknown) => void);
  }

  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void {
    // The last gate before the UI: whatever a producer forgot to mask is masked here; with no listener
    // there is nothing to mask (an audit entry per tools/call made this a few % of the gateway's CPU).
    if (this.events.size === 0) return;
    this.events.emit(name, this.redactor.redactDeep(payload, { byFieldName: false }));
  }

  getServerStatus(): OrchestratorStatus {
    const { gateway, parts } = this;
    const routing = parts ? { strategy: this.settings().routing.strategy, vendors: parts.router.vendors().map(vendorStatus) } : undefined;
    return buildStatus({
      routing,
      servers: this.parts ? this.parts.supervisor.statuses() : [],
      nameCollisions: (id) => gateway?.aggregator.nameCollisions(id) ?? [],
      pins: (id) => ({ pending: this.pins.pendingCount(id), awaitingApproval: this.pins.awaitingApproval(id) }),
      listRevision: this.listRevision,
      endpoint: this.endpoint,
      profiles: gateway && gateway.profiles.all().length > 0 ? gateway.profiles.cached() : undefined,
      secretStoreUnavailable: this.parts?.secrets.kind === 'unavailable',
      configPath: this.config.path,
      needsRestart: this.needsRestart,
      startedAt: this.startedAt,
      now: this.env.clock.now(),
    });
  }

  /** Serves the config's profiles (before start there is no gateway to apply them to). */
  protected async applyProfiles(config: AppConfig): Promise<void> {
    if (!this.gateway) return;
    await this.gateway.setProfiles(config.profiles ?? []);
    this.queueStatus();
  }

  /** The started parts, or a clear error: every operation that needs them goes through here. */
  protected live() {
    const { parts, gateway } = this;
    if (!this.running || !parts || !gateway) {
      throw new AppError(ErrorCode.NOT_RUNNING, 'the orchestrator is not running (fix the configuration, then restart it)');
    }
    return { ...parts, gateway };
  }

  private async onConfigReload(
    e: { ok: true; config: AppConfig; previous: AppConfig } | { ok: false; issues: { path: string; message: string }[]; message: string },
  ) {
    if (!e.ok) {
      this.env.logger.warn('config change rejected; previous config keeps running', { error: e.message });
      this.emit('configReloaded', { path: this.config.path, ok: false, issues: e.issues });
      return;
    }
    this.env.logger.info('config reloaded', { servers: e.config.servers.length });
    await this.parts?.supervisor.setServers(e.config.servers);
    await this.applyProfiles(e.config);
    const outcome = await this.applySettings(e.previous.orchestrator, e.config.orchestrator);
    this.emit('configReloaded', { path: this.config.path, ok: true, issues: [], ...outcome });
    this.queueStatus();
  }

  /**
   * Settings are read at the moment of use, so a new section is live once stored; this says so (log,
   * status, event), names what waits for a restart, and restarts the built-ins whose vendor retries
   * were fixed at spawn from retry_attempts.
   */
  protected async applySettings(previous: OrchestratorSettings, next: OrchestratorSettings): Promise<SettingsOutcome> {
    const outcome = settingsOutcome(this.startedSettings ?? previous, previous, next);
    this.needsRestart = outcome.needsRestart;
    if (outcome.applied.length) this.env.logger.info('settings applied live', { settings: outcome.applied.join(', ') });
    if (outcome.needsRestart.length) {
      this.env.logger.warn('settings need a restart of the orchestrator to apply', { settings: outcome.needsRestart.join(', ') });
    }
    if (outcome.applied.includes('orchestrator.retry_attempts')) await this.parts?.supervisor.restartForRetrySetting();
    this.queueStatus();
    return outcome;
  }

  /** Coalesces bursts of child status changes into one push. */
  protected queueStatus() {
    this.statusPush.queue();
  }
}
