// Composition root of the core: wires config, secrets, supervisor, router and gateway.
// Plain Node only; Electron's main process and the headless CLI both build on this.
import { Emitter } from '../../shared/emitter.js';
import { errorMessage } from '../../shared/errors.js';
import path from 'node:path';
import type { ControlEventListener, ControlEventName, ControlEvents } from '../../shared/contract.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { ImportPlan } from '../../shared/import-plan.js';
import type {
  AppConfig,
  ConnectionInfo,
  LogLine,
  OrchestratorSettings,
  OrchestratorStatus,
  ProfileConfig,
  ProfileSummary,
  SecretInfo,
  ToolInfo,
} from '../../shared/types.js';
import { inProfile } from '../../shared/profiles.js';
import { CombinedUpstreams } from './upstream/combined-upstreams.js';
import { RecordingUpstreams } from './upstream/recording-upstreams.js';
import { ConfigStore } from './config/config-store.js';
import { storeImportSecrets } from './config/import-secrets.js';
import { systemClock, silentLogger, type CoreEnv } from './env.js';
import type { Aggregator } from './gateway/aggregator.js';
import { Gateway, type HttpRoute } from './gateway/gateway.js';
import { CallMetrics } from './metrics/latency.js';
import { Router } from './router/router.js';
import { createRouterUpstream } from './router/router-server.js';
import { Redactor, redactingLogger } from './secrets/redact.js';
import { SecretResolver } from './secrets/resolver.js';
import { secretNames } from './secrets/secret-names.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { profileNameProblem, serializeConfig } from '../../shared/config-schema.js';
import { withProfile } from '../../shared/config-schema-profiles.js';
import { loadOrCreateToken, rotateToken } from './secrets/token.js';
import { loginShellPath, mergePath } from './supervisor/shell-path.js';
import { Supervisor } from './supervisor/supervisor.js';
import type { CallKind } from './upstream/upstream.js';

const METRICS_PUSH_MS = 500;

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
}

export interface Capabilities {
  tools: ToolInfo[];
}

/** What the UI browses and calls on the gateway, as clients see it (namespaced). */
export type McpCatalog = Pick<Aggregator, 'listTools' | 'callTool' | 'listPrompts' | 'getPrompt' | 'listResources' | 'readResource'>;
/** The router's playground operations. */
export type Assistant = Pick<Router, 'chat' | 'getWeather' | 'searchWeb' | 'listModels'>;

export class MCPOrchestrator {
  /** Replaced (never mutated) when start() merges the login shell's PATH. */
  env: CoreEnv;
  readonly config: ConfigStore;
  readonly metrics = new CallMetrics();
  /** Records a call and lets the UI see new figures (throttled: at most one push per interval). */
  readonly recorder = {
    record: (serverId: string, ms: number, ok: boolean, kind?: CallKind) => {
      this.metrics.record(serverId, ms, ok, kind);
      this.queueMetricsStatus();
    },
  };
  private metricsTimer: NodeJS.Timeout | undefined;
  private listRevision = 0;
  readonly redactor = new Redactor();
  // Built by start(); reached from outside only through the narrow methods below, which check running.
  private secrets?: SecretStore;
  private resolver?: SecretResolver;
  private supervisor?: Supervisor;
  private upstreams?: CombinedUpstreams;
  private router?: Router;
  private gateway?: Gateway;
  private readonly routes: HttpRoute[] = [];
  token = '';
  tokenLocation = '';
  private readonly startedAt: number;
  private readonly events = new Emitter<[ControlEventName, unknown]>((err) =>
    this.env.logger.warn('event listener failed', { error: errorMessage(err) }),
  );
  private closers: Array<() => Promise<void> | void> = [];
  private statusQueued = false;
  private running = false;
  private endpoint: { url: string; port: number } | null = null;
  private childrenSettled: Promise<void> = Promise.resolve();
  private readonly tokenRotations = new Emitter<[]>((err) =>
    this.env.logger.warn('token rotation listener failed', { error: errorMessage(err) }),
  );

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
    this.config = new ConfigStore({ path: path.resolve(options.configPath), logger: this.env.logger });
    this.routes.push(...(options.routes ?? []));
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
    const { logger } = this.env;
    // The login-shell probe runs rc files (~1 s with nvm & co.); overlap it with the keychain and
    // config set-up instead of adding it in front of every child's start.
    const shellPath = this.options.useLoginShellPath ? loginShellPath() : undefined;
    const config = await this.config.load();
    const secrets =
      this.options.secretStore ?? (await createSecretStore({ service: this.options.secretService ?? 'mcp-orchestrator', logger }));
    this.secrets = secrets;
    const resolver = new SecretResolver(secrets, this.env.processEnv, this.redactor);
    this.resolver = resolver;
    resolver.registerInheritedSecrets();
    resolver.isDeclaredSecret = (name) => this.config.current?.servers.some((s) => s.requiredEnv.includes(name)) ?? false;
    const token = await loadOrCreateToken({ store: secrets, dataDir: this.env.dataDir });
    this.token = token.token;
    this.tokenLocation = token.location;
    this.redactor.add(this.token);
    // Children need the merged PATH before they spawn; a new env object, so the caller's map is left alone.
    const merged = await shellPath;
    if (merged) this.env = { ...this.env, processEnv: { ...this.env.processEnv, PATH: mergePath(this.env.processEnv.PATH ?? '', merged) } };

    const supervisor = new Supervisor({
      env: this.env,
      settings: this.settings,
      resolveEnv: (names) => resolver.resolve(names),
      redact: (t) => this.redactor.redact(t),
      storedSecrets: () => secrets.list(),
      metrics: this.metrics,
    });
    this.supervisor = supervisor;
    supervisor.onStatus(() => this.queueStatus());
    supervisor.onLog((line) => this.emit('log', line));
    const upstreams = new CombinedUpstreams(supervisor);
    this.upstreams = upstreams;
    // Any tools/prompts/resources change bumps the revision so the UI refetches its lists.
    upstreams.onChange(() => {
      this.listRevision++;
      this.queueStatus();
    });
    this.router = new Router({
      upstreams: new RecordingUpstreams(upstreams, this.recorder, this.env.clock),
      settings: this.settings,
      logger,
      clock: this.env.clock,
    });
    // Spawn the children now, but never wait for them: the gateway, /health and the UI listen at
    // once and each child joins through list_changed when it is ready. A child stuck in
    // initialize must not keep clients away for its whole start timeout.
    const children = supervisor.setServers(config.servers);
    let endpoint: { url: string; port: number };
    let gateway: Gateway;
    try {
      gateway = await this.buildGateway(config.orchestrator);
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
    logger.info('orchestrator started', { endpoint: endpoint.url, servers: config.servers.length });
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
    this.config.close();
    await this.gateway?.stop();
    await this.supervisor?.stopAll();
    for (const close of this.closers.splice(0)) await close();
  }

  subscribe(listener: ControlEventListener): () => void {
    return this.events.on(listener as (name: ControlEventName, payload: unknown) => void);
  }

  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void {
    // The last gate before the UI: whatever a producer forgot to mask is masked here.
    this.events.emit(name, this.redactor.redactDeep(payload, { byFieldName: false }));
  }

  getServerStatus(): OrchestratorStatus {
    const servers = (this.supervisor ? this.supervisor.statuses() : []).map((s) => {
      const nameCollisions = this.gateway?.aggregator.nameCollisions(s.id) ?? [];
      return nameCollisions.length > 0 ? { ...s, nameCollisions } : s;
    });
    return {
      servers,
      totals: {
        servers: servers.length,
        running: servers.filter((s) => s.state === 'running' || s.state === 'degraded').length,
        // Only servers that serve can offer tools: a stopped server's last count is history.
        tools: servers.filter((s) => s.state === 'running' || s.state === 'degraded').reduce((n, s) => n + s.toolCount, 0),
        calls: servers.reduce((n, s) => n + s.calls, 0),
        errors: servers.reduce((n, s) => n + s.errors, 0),
        probes: servers.reduce((n, s) => n + (s.probes ?? 0), 0),
      },
      listRevision: this.listRevision,
      gateway: this.endpoint,
      ...(this.gateway && this.gateway.profiles.all().length > 0 ? { profiles: this.gateway.profiles.cached() } : {}),
      secretStore: this.secrets?.kind === 'unavailable' ? 'unavailable' : 'keychain',
      configPath: this.config.path,
      startedAt: this.startedAt,
      uptimeMs: this.env.clock.now() - this.startedAt,
    };
  }

  /** Every tool the gateway offers, namespaced as clients see them (the seed's embedding API). */
  async discoverCapabilities(): Promise<Capabilities> {
    return { tools: await this.live().gateway.aggregator.listTools() };
  }

  /** Calls one child's tool by its own (un-namespaced) name. */
  async routeRequest(serverId: string, tool: string, params: Record<string, unknown> = {}) {
    const upstream = this.live().upstreams.get(serverId);
    if (!upstream) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, `server "${serverId}" is not running`);
    const t0 = this.env.clock.now();
    let ok = false;
    try {
      const result = await upstream.client.callTool({ name: tool, arguments: params }, undefined, { timeout: upstream.timeoutMs });
      ok = !result.isError;
      return result;
    } finally {
      this.recorder.record(serverId, this.env.clock.now() - t0, ok);
    }
  }

  /** Serves the config's profiles (before start there is no gateway to apply them to). */
  async applyProfiles(config: AppConfig): Promise<void> {
    if (!this.gateway) return;
    await this.gateway.setProfiles(config.profiles ?? []);
    this.queueStatus();
  }

  // The narrow operations the control API is built on. Each one requires a started core.
  startServer = (id: string) => this.live().supervisor.start(id);
  stopServer = (id: string) => this.live().supervisor.stop(id);
  restartServer = (id: string) => this.live().supervisor.restart(id);
  startAll = () => this.live().supervisor.startAll();
  stopAll = () => this.live().supervisor.stopAll();
  logs = (id: string): LogLine[] => this.live().supervisor.logs(id);
  /** The gateway's tools, prompts and resources, namespaced as clients see them. */
  mcp = (): McpCatalog => this.live().gateway.aggregator;
  assistant = (): Assistant => this.live().router;

  async listSecrets(): Promise<SecretInfo[]> {
    const { secrets, resolver } = this.live();
    return resolver.sources(await secretNames(this.config.current?.servers ?? [], secrets));
  }

  /** Stores a secret and starts the servers that were waiting only for it. */
  async setSecret(name: string, value: string): Promise<void> {
    const { secrets, supervisor } = this.live();
    await secrets.set(name, value);
    this.redactor.add(value);
    const waiting = supervisor
      .statuses()
      .filter((s) => s.enabled && s.missingEnv.includes(name) && (s.state === 'stopped' || s.state === 'failed'));
    await Promise.allSettled(waiting.map((s) => supervisor.start(s.id)));
  }

  async deleteSecret(name: string): Promise<void> {
    const { secrets, supervisor } = this.live();
    await secrets.delete(name);
    await supervisor.envChanged(name);
  }

  /** Writes the config text and applies it; before a successful start there is nothing to apply it to yet. */
  async saveConfig(text: string): Promise<AppConfig> {
    const config = await this.config.save(text);
    if (this.running) {
      await this.supervisor?.setServers(config.servers);
      await this.applyProfiles(config);
    }
    return config;
  }

  /** The confirmed import: keys move to the keychain first, then the file is written (0600) and applied. */
  async importConfig(plan: ImportPlan): Promise<AppConfig> {
    const stored = await storeImportSecrets(plan, this.live().secrets);
    for (const m of stored.moves) this.redactor.add(m.value);
    return this.saveConfig(serializeConfig(stored.config));
  }

  /** Profile summaries, recomputed against the tools running now. */
  async listProfiles(): Promise<ProfileSummary[]> {
    const { gateway } = this.live();
    return gateway.profiles.refresh(gateway.baseUrl());
  }

  /** The tools one profile gives access to (for a discovery profile: the searchable ones). */
  async profileTools(name: string): Promise<ToolInfo[]> {
    const { gateway } = this.live();
    const view = gateway.profiles.get(name);
    if (!view) {
      const known = gateway.profiles
        .all()
        .map((v) => v.name)
        .join(', ');
      throw new AppError(ErrorCode.BAD_REQUEST, `unknown profile "${name}"; configured: ${known || 'none'}`);
    }
    return (await gateway.aggregator.listTools()).filter((t) => inProfile(view.config, t));
  }

  /** Sets (or with null removes) one profile through the same validated, atomic save as the Config page. */
  async saveProfile(name: string, profile: Omit<ProfileConfig, 'name'> | null): Promise<ProfileSummary[]> {
    this.live(); // profiles are applied to the running gateway; before start, edit the file instead
    const problem = profileNameProblem(name);
    if (problem) throw new AppError(ErrorCode.BAD_REQUEST, problem);
    await this.saveConfig(withProfile(await this.config.readText(), name, profile));
    return this.listProfiles();
  }

  connectionInfo(): ConnectionInfo {
    if (!this.endpoint) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, 'the gateway is not listening');
    const url = this.endpoint.url;
    return { url, token: this.token, tokenFile: this.tokenLocation, stdioCommand: ['npx', 'mcp-orchestrator', 'stdio', '--url', url] };
  }

  async rotateToken(): Promise<void> {
    const t = await rotateToken({ store: this.live().secrets, dataDir: this.env.dataDir });
    this.token = t.token;
    this.tokenLocation = t.location;
    this.redactor.add(this.token);
    // Whoever held the old token must not keep an open stream or session with it.
    await this.gateway?.closeAllSessions();
    this.tokenRotations.emit();
  }

  /** The started parts, or a clear error: every operation that needs them goes through here. */
  private live() {
    const { secrets, resolver, supervisor, upstreams, router, gateway } = this;
    if (!this.running || !secrets || !resolver || !supervisor || !upstreams || !router || !gateway) {
      throw new AppError(ErrorCode.NOT_RUNNING, 'the orchestrator is not running (fix the configuration, then restart it)');
    }
    return { secrets, resolver, supervisor, upstreams, router, gateway };
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
    await this.supervisor?.setServers(e.config.servers);
    await this.applyProfiles(e.config);
    this.emit('configReloaded', { path: this.config.path, ok: true, issues: [] });
    this.queueStatus();
  }

  private async buildGateway(settings: OrchestratorSettings): Promise<Gateway> {
    const { router, supervisor, upstreams } = this;
    if (!router || !supervisor || !upstreams) throw new AppError(ErrorCode.INTERNAL, 'gateway built before the supervisor');
    const routerUpstream = await createRouterUpstream(router, {
      timeoutMs: settings.defaultTimeoutMs * 3,
      // chat/embed/search_web/get_weather/list_models are listed only while a running server can serve them.
      availability: { source: supervisor, onToolsChanged: () => upstreams.localChanged('orchestrator') },
    });
    upstreams.addLocal(routerUpstream.upstream);
    this.closers.push(() => routerUpstream.close());
    this.gateway = new Gateway({
      env: this.env,
      upstreams,
      recorder: this.recorder,
      settings: this.settings,
      getToken: () => this.token,
      redact: (t) => this.redactor.redact(t),
      routes: this.routes,
      // One knob (orchestrator.retry_attempts) for child requests here and vendor HTTP in the built-ins (launch-env).
      retry: {
        attempts: () => this.settings().retryAttempts,
        awaitChild: (id, signal, stale) => supervisor.whenConnected(id, this.settings().defaultTimeoutMs, signal, stale),
      },
    });
    this.gateway.profiles.onRefresh(() => this.queueStatus());
    return this.gateway;
  }

  private queueMetricsStatus() {
    if (this.metricsTimer) return;
    this.metricsTimer = setTimeout(() => {
      this.metricsTimer = undefined;
      this.queueStatus();
    }, METRICS_PUSH_MS);
    this.metricsTimer.unref();
  }

  /** Coalesces bursts of child status changes into one push. */
  private queueStatus() {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      if (this.events.size) this.emit('status', this.getServerStatus());
    });
  }
}

export function createCore(options: CoreOptions): MCPOrchestrator {
  return new MCPOrchestrator(options);
}
