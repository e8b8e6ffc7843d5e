// The core's parts, built in the order start() needs them: config, keychain, token, the login
// shell's PATH, supervisor, upstreams and router; then the gateway over them. create-core.ts owns
// the result and the operations on it.
import type { AppConfig, LogLine, OrchestratorSettings, ProfileConfig, ServerConfig } from '../../shared/types.js';
import type { ConfigStore } from './config/config-store.js';
import type { CoreEnv } from './env.js';
import { Gateway, type HttpRoute } from './gateway/gateway.js';
import type { CallMetrics } from './metrics/latency.js';
import { Router } from './router/router.js';
import { createRouterUpstream } from './router/router-server.js';
import { missingCapabilityMessage } from './router/missing-capability.js';
import type { Redactor } from './secrets/redact.js';
import { AuditLog, type AuditEntry } from './metrics/audit-log.js';
import { SecretResolver } from './secrets/resolver.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { loadOrCreateToken, type TokenInfo } from './secrets/token.js';
import { loginShellPath, mergePath } from './supervisor/shell-path.js';
import { Supervisor } from './supervisor/supervisor.js';
import { CombinedUpstreams } from './upstream/combined-upstreams.js';
import { RecordingUpstreams } from './metrics/recording-upstreams.js';
import type { CallRecorder } from './upstream/upstream.js';
import type { CredentialCheck } from './gateway/credentials.js';
import type { RunIdentity } from './gateway/identity.js';
import type { PinGate } from './trust/pins.js';
import { ApprovalGate } from './trust/approval-gate.js';
// OAuth for remote servers (issue 21 item 6)
import { OAuthVault } from './oauth/oauth-vault.js';
import { RemoteAuth } from './oauth/remote-auth.js';
import { redactingBackend } from './oauth/vault-redaction.js';
import { MemorySecretStore } from './secrets/secret-store.js';
import type { QuestionBroker } from './trust/questions.js';

/** What building the parts needs from the core. */
export interface PartsContext {
  env: CoreEnv;
  config: ConfigStore;
  redactor: Redactor;
  metrics: CallMetrics;
  recorder: CallRecorder;
  settings: () => OrchestratorSettings;
  /** Overrides the keychain (tests, or a caller that already made one). */
  secretStore?: SecretStore;
  secretService?: string;
  /** Remote servers' OAuth records; default: the keychain under "<service>-oauth" (memory when secretStore is overridden). */
  oauthStore?: SecretStore;
  /** Opens the system browser for a sign-in (Electron); absent under serve. */
  openBrowser?: (url: string) => Promise<void>;
  useLoginShellPath?: boolean;
  /** A child's status changed / a log line / any server's lists changed. */
  onStatus: () => void;
  /** A routed call started or ended (in-flight figures changed); throttled like call metrics. */
  onRoutingActivity?: () => void;
  onLog: (line: LogLine) => void;
  onListsChanged: () => void;
}

export interface CoreParts {
  /** The core's env, with the login shell's PATH merged in when asked for (a new object). */
  env: CoreEnv;
  config: AppConfig;
  secrets: SecretStore;
  resolver: SecretResolver;
  token: TokenInfo;
  supervisor: Supervisor;
  upstreams: CombinedUpstreams;
  router: Router;
  oauth: RemoteAuth;
}

/** Everything but the gateway; no child is started yet. */
export async function buildParts(ctx: PartsContext): Promise<CoreParts> {
  // The login-shell probe runs rc files (~1 s with nvm & co.); overlap it with the keychain and
  // config set-up instead of adding it in front of every child's start.
  const shellPath = ctx.useLoginShellPath ? loginShellPath(ctx.env.clock) : undefined;
  const config = await ctx.config.load();
  const secrets =
    ctx.secretStore ??
    (await createSecretStore({ service: ctx.secretService ?? 'mcp-orchestrator', logger: ctx.env.logger, timers: ctx.env.clock }));
  const resolver = new SecretResolver(secrets, ctx.env.processEnv, ctx.redactor);
  resolver.registerInheritedSecrets();
  resolver.isDeclaredSecret = (name) => ctx.config.current?.servers.some((s) => s.requiredEnv.includes(name)) ?? false;
  const token = await loadOrCreateToken({ store: secrets, dataDir: ctx.env.dataDir });
  ctx.redactor.add(token.token);
  // Children need the merged PATH before they spawn; a new env object, so the caller's map is left alone.
  const merged = await shellPath;
  const env = merged
    ? { ...ctx.env, processEnv: { ...ctx.env.processEnv, PATH: mergePath(ctx.env.processEnv.PATH ?? '', merged) } }
    : ctx.env;

  // Apart from the user's keys (the Keys page lists that service), and redacted as they are read or written.
  // No keychain for the keys means none for OAuth either: reuse that store (reads nothing, refuses writes)
  // rather than probe a missing keychain twice at start.
  const oauthStore =
    ctx.oauthStore ??
    (ctx.secretStore
      ? new MemorySecretStore()
      : secrets.kind === 'keychain'
        ? await createSecretStore({
            service: `${ctx.secretService ?? 'mcp-orchestrator'}-oauth`,
            logger: ctx.env.logger,
            timers: ctx.env.clock,
          })
        : secrets);
  const vault = new OAuthVault(
    redactingBackend(oauthStore, (v) => ctx.redactor.add(v)),
    () => ctx.env.clock.now(),
  );
  const oauth = new RemoteAuth({ vault, clock: ctx.env.clock, logger: ctx.env.logger, openBrowser: ctx.openBrowser });
  const supervisor = new Supervisor({
    oauth,
    env,
    settings: ctx.settings,
    resolveEnv: (names) => resolver.resolve(names),
    redact: (t) => ctx.redactor.redact(t),
    storedSecrets: () => secrets.list(),
    metrics: ctx.metrics,
    configPath: ctx.config.path,
  });
  supervisor.onStatus(ctx.onStatus);
  supervisor.onLog(ctx.onLog);
  const upstreams = new CombinedUpstreams(supervisor);
  upstreams.onChange(ctx.onListsChanged);
  const router = new Router({
    upstreams: new RecordingUpstreams(upstreams, ctx.recorder, env.clock),
    settings: ctx.settings,
    logger: env.logger,
    clock: env.clock,
    onActivity: ctx.onRoutingActivity,
  });
  return { env, config, secrets, resolver, token, supervisor, upstreams, router, oauth };
}

export interface GatewayContext {
  recorder: CallRecorder;
  settings: () => OrchestratorSettings;
  redactor: Redactor;
  routes: HttpRoute[];
  getToken: () => string;
  clients: CredentialCheck;
  identity: RunIdentity;
  /** Where the router's MCP server is closed when the core stops. */
  closers: Array<() => Promise<void> | void>;
  /** The configured servers as of now (hot reloads included). */
  servers: () => ServerConfig[];
  /** Issue 22: tool/prompt/template pins (trust/pins.ts). */
  pins?: PinGate;
  /** The configured profiles as of now (their approval presets). */
  profiles: () => ProfileConfig[];
  /** Where approvals that no client can answer wait for the user. */
  questions: QuestionBroker;
  /** Each audit line once written (the UI's live Activity page). */
  onAudit?: (entry: AuditEntry) => void;
}

/** The router's own MCP server joins the upstreams, and the gateway serves them all (not listening yet). */
export async function buildGateway(parts: CoreParts, ctx: GatewayContext): Promise<Gateway> {
  const { router, supervisor, upstreams } = parts;
  const routerUpstream = await createRouterUpstream(router, {
    timeoutMs: ctx.settings().defaultTimeoutMs * 3,
    // chat/embed/search_web/get_weather/list_models are listed only while a running server can serve them.
    availability: { source: supervisor, onToolsChanged: () => upstreams.localChanged('orchestrator') },
  });
  // Read per call like the children's (server-health.ts): an edited default_timeout applies at once.
  Object.defineProperty(routerUpstream.upstream, 'timeoutMs', { get: () => ctx.settings().defaultTimeoutMs * 3 });
  upstreams.addLocal(routerUpstream.upstream);
  ctx.closers.push(() => routerUpstream.close());
  const audit = new AuditLog({
    dataDir: parts.env.dataDir,
    clock: parts.env.clock,
    timers: parts.env.clock,
    logger: parts.env.logger,
    redact: (t) => ctx.redactor.redact(t),
    maxBytes: () => ctx.settings().auditMaxBytes,
    onWritten: ctx.onAudit,
  });
  // Closers run after the gateway stopped: the last calls' lines reach the disk before serve exits.
  ctx.closers.push(() => audit.close());
  return new Gateway({
    env: parts.env,
    upstreams,
    recorder: ctx.recorder,
    settings: ctx.settings,
    getToken: ctx.getToken,
    clients: ctx.clients,
    identity: ctx.identity,
    redact: (t) => ctx.redactor.redact(t),
    routes: ctx.routes,
    audit,
    pins: ctx.pins,
    approval: new ApprovalGate({
      broker: ctx.questions,
      servers: ctx.servers,
      profiles: ctx.profiles,
      settings: ctx.settings,
      redact: (t) => ctx.redactor.redact(t),
      logger: parts.env.logger,
    }),
    // "no chat vendor is configured: ..." instead of "Unknown tool: chat" while no server offers it.
    missingToolHint: (name) => {
      const builtins = new Map(ctx.servers().map((s) => [s.id, s.builtin]));
      const facts = supervisor.statuses().map((s) => ({ ...s, builtin: builtins.get(s.id) }));
      return missingCapabilityMessage(name, facts);
    },
    // One knob (orchestrator.retry_attempts) for child requests here and vendor HTTP in the built-ins (launch-env).
    retry: {
      attempts: () => ctx.settings().retryAttempts,
      awaitChild: (id, signal, stale) => supervisor.whenConnected(id, ctx.settings().defaultTimeoutMs, signal, stale),
    },
  });
}
