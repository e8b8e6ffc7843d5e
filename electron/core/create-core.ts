// Composition root of the core: wires config, secrets, supervisor, router and gateway.
// Plain Node only; Electron's main process and the headless CLI both build on this.
import path from 'node:path';
import type { ControlApi, ControlEventListener, ControlEventName, ControlEvents } from '../../shared/contract.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { AppConfig, OrchestratorSettings, OrchestratorStatus, ToolInfo } from '../../shared/types.js';
import { CombinedUpstreams } from './combined-upstreams.js';
import { RecordingUpstreams } from './recording-upstreams.js';
import { ConfigStore } from './config/config-store.js';
import { createControlApi } from './control/control-api.js';
import { systemClock, silentLogger, type CoreEnv } from './env.js';
import { Gateway, type HttpRoute } from './gateway/gateway.js';
import { CallMetrics } from './metrics/latency.js';
import { Router } from './router/router.js';
import { createRouterUpstream } from './router/router-server.js';
import { Redactor, redactingLogger } from './secrets/redact.js';
import { SecretResolver } from './secrets/resolver.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { loadOrCreateToken, rotateToken } from './secrets/token.js';
import { loginShellPath, mergePath } from './supervisor/shell-path.js';
import { Supervisor } from './supervisor/supervisor.js';
import type { CallKind } from './upstream.js';

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
  /** Extra HTTP routes on the gateway's server (control API, web UI). */
  routes?: (core: MCPOrchestrator) => HttpRoute[];
  /** Merge the login shell's PATH into children's PATH (GUI launches). */
  useLoginShellPath?: boolean;
}

export interface Capabilities {
  tools: ToolInfo[];
}

export class MCPOrchestrator {
  readonly env: CoreEnv;
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
  readonly api: ControlApi;
  secrets!: SecretStore;
  resolver!: SecretResolver;
  supervisor!: Supervisor;
  upstreams!: CombinedUpstreams;
  router!: Router;
  gateway!: Gateway;
  token = '';
  tokenLocation = '';
  private readonly startedAt: number;
  private listeners = new Set<ControlEventListener>();
  private closers: Array<() => Promise<void> | void> = [];
  private statusQueued = false;
  private running = false;
  private endpoint: { url: string; port: number } | null = null;
  private childrenSettled: Promise<void> = Promise.resolve();
  private readonly tokenListeners = new Set<() => void>();

  constructor(private readonly options: CoreOptions) {
    this.env = {
      // Every log line leaving the core passes the redactor, whoever wrote it.
      logger: redactingLogger(options.env?.logger ?? silentLogger, this.redactor),
      clock: options.env?.clock ?? systemClock,
      processEnv: options.env?.processEnv ?? { ...process.env },
      dataDir: options.dataDir,
    };
    this.startedAt = this.env.clock.now();
    this.config = new ConfigStore({ path: path.resolve(options.configPath), logger: this.env.logger });
    this.api = createControlApi(this);
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
    this.secrets = this.options.secretStore ?? (await createSecretStore({ service: this.options.secretService ?? 'mcp-orchestrator', logger }));
    this.resolver = new SecretResolver(this.secrets, this.env.processEnv, this.redactor);
    this.resolver.registerInheritedSecrets();
    this.resolver.isDeclaredSecret = (name) => this.config.current?.servers.some((s) => s.requiredEnv.includes(name)) ?? false;
    const token = await loadOrCreateToken({ store: this.secrets, dataDir: this.env.dataDir });
    this.token = token.token;
    this.tokenLocation = token.location;
    this.redactor.add(this.token);

    this.supervisor = new Supervisor({
      env: this.env,
      settings: this.settings,
      resolveEnv: (names) => this.resolver.resolve(names),
      redact: (t) => this.redactor.redact(t),
      storedSecrets: () => this.secrets.list(),
      metrics: this.metrics,
    });
    this.supervisor.onStatus(() => this.queueStatus());
    this.supervisor.onLog((line) => this.emit('log', line));
    this.upstreams = new CombinedUpstreams(this.supervisor);
    // Any tools/prompts/resources change bumps the revision so the UI refetches its lists.
    this.upstreams.onChange(() => {
      this.listRevision++;
      this.queueStatus();
    });
    this.router = new Router({ upstreams: new RecordingUpstreams(this.upstreams, this.recorder), settings: this.settings, logger, clock: this.env.clock });
    // Children need the merged PATH before they spawn.
    await this.applyLoginShellPath(shellPath);
    // Spawn the children now, but never wait for them: the gateway, /health and the UI listen at
    // once and each child joins through list_changed when it is ready. A child stuck in
    // initialize must not keep clients away for its whole start timeout.
    const children = this.supervisor.setServers(config.servers);
    let endpoint: { url: string; port: number };
    try {
      await this.buildGateway(config.orchestrator);
      await this.applyProfiles(config);
      endpoint = await this.gateway.start(this.options.port);
    } catch (err) {
      // A taken port must not leave the children we already started behind.
      await this.supervisor.stopAll();
      await children;
      for (const close of this.closers.splice(0)) await close();
      throw err;
    }
    this.childrenSettled = children;
    this.endpoint = endpoint;
    // Summaries carry the endpoint URLs, known only now.
    await this.gateway.profiles.refresh(this.gateway.baseUrl());
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
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void {
    // The last gate before the UI: whatever a producer forgot to mask is masked here.
    payload = this.redactor.redactDeep(payload, { byFieldName: false });
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch (err) {
        this.env.logger.warn('event listener failed', { error: String(err) });
      }
    }
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

  async discoverCapabilities(): Promise<Capabilities> {
    return { tools: await this.gateway.aggregator.listTools() };
  }

  /** Calls one child's tool by its own (un-namespaced) name. */
  async routeRequest(serverId: string, tool: string, params: Record<string, unknown> = {}) {
    const upstream = this.upstreams.get(serverId);
    if (!upstream) throw new AppError(ErrorCode.SERVER_NOT_RUNNING, `server "${serverId}" is not running`);
    const t0 = performance.now();
    let ok = false;
    try {
      const result = await upstream.client.callTool({ name: tool, arguments: params }, undefined, { timeout: upstream.timeoutMs });
      ok = !result.isError;
      return result;
    } finally {
      this.recorder.record(serverId, performance.now() - t0, ok);
    }
  }

  /** Serves the config's profiles (before start there is no gateway to apply them to). */
  async applyProfiles(config: AppConfig): Promise<void> {
    if (!this.gateway) return;
    await this.gateway.setProfiles(config.profiles ?? []);
    this.queueStatus();
  }

  startServer = (id: string) => this.supervisor.start(id);
  stopServer = (id: string) => this.supervisor.stop(id);
  restartServer = (id: string) => this.supervisor.restart(id);

  async rotateToken(): Promise<void> {
    const t = await rotateToken({ store: this.secrets, dataDir: this.env.dataDir });
    this.token = t.token;
    this.tokenLocation = t.location;
    this.redactor.add(this.token);
    // Whoever held the old token must not keep an open stream or session with it.
    await this.gateway?.closeAllSessions();
    for (const l of [...this.tokenListeners]) {
      try {
        l();
      } catch (err) {
        this.env.logger.warn('token rotation listener failed', { error: String(err) });
      }
    }
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
    await this.supervisor.setServers(e.config.servers);
    await this.applyProfiles(e.config);
    this.emit('configReloaded', { path: this.config.path, ok: true, issues: [] });
    this.queueStatus();
  }

  private async buildGateway(settings: OrchestratorSettings): Promise<void> {
    const routerUpstream = await createRouterUpstream(this.router, {
      timeoutMs: settings.defaultTimeoutMs * 3,
      // chat/embed/search_web/get_weather/list_models are listed only while a running server can serve them.
      availability: { source: this.supervisor, onToolsChanged: () => this.upstreams.localChanged('orchestrator') },
    });
    this.upstreams.addLocal(routerUpstream.upstream);
    this.closers.push(() => routerUpstream.close());
    this.gateway = new Gateway({
      env: this.env,
      upstreams: this.upstreams,
      recorder: this.recorder,
      settings: this.settings,
      getToken: () => this.token,
      redact: (t) => this.redactor.redact(t),
      routes: this.options.routes?.(this) ?? [],
    });
    this.gateway.profiles.onRefresh(() => this.queueStatus());
  }

  private async applyLoginShellPath(pending: Promise<string | undefined> | undefined) {
    const shellPath = await pending;
    if (shellPath) this.env.processEnv.PATH = mergePath(this.env.processEnv.PATH ?? '', shellPath);
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
      if (this.listeners.size) this.emit('status', this.getServerStatus());
    });
  }
}

export function createCore(options: CoreOptions): MCPOrchestrator {
  return new MCPOrchestrator(options);
}
