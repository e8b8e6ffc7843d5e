// The loopback HTTP server: one Streamable HTTP MCP endpoint at /mcp over all upstreams, one
// per profile at /mcp/<name> (a filtered view of the same upstreams), plus routes the
// composition root mounts (control API, web UI). Every request but GET /health passes Host
// and Origin checks; /mcp, /mcp/<name> and auth routes also need the bearer token.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInitializeRequest } from '../sdk/types.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { PROFILE_PATH_PREFIX } from '../../../shared/profiles.js';
import type { OrchestratorSettings, ProfileConfig, ProfileSummary } from '../../../shared/types.js';
import type { CoreEnv } from '../env.js';
import { debounce, type Debouncer } from '../../../shared/debounce.js';
import type { CallRecorder, ListKind, UpstreamSource } from '../upstream/upstream.js';
import { ProfileRegistry } from '../profiles/profile-registry.js';
import type { ChildRetry } from './child-retry.js';
import { Admission } from './admission.js';
import type { PinGate } from '../trust/pins.js';
import { Aggregator } from './aggregator.js';
import {
  BodyTooLargeError,
  bearerMatches,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  readBody,
  sendJson,
  sendJsonRpcError,
} from './http-guard.js';
import type { ServerInfo } from './mcp-server.js';
import { jsonEntryFor, type JsonEntry } from './json-entry.js';
import { callerOf, SessionManager } from './sessions.js';
import { Era2026Front } from './era2026/front.js';
import { IDENTITY_PATH, type RunIdentity } from './identity.js';
import { ADMIN, BRIDGE, bearerValue, endpointOf, type Credential, type CredentialCheck } from './credentials.js';
import type { GatewayView } from './view.js';
import type { AuditSink } from '../metrics/audit-log.js';
import type { ApprovalCheck } from '../trust/approval-gate.js';

export interface HttpRoute {
  /** Path prefix, e.g. '/api/' or '/'. The longest matching prefix wins. */
  prefix: string;
  /** false skips only the bearer check; Host and Origin are always checked. */
  auth: boolean;
  handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): Promise<void> | void;
}

export interface GatewayOptions {
  env: CoreEnv;
  upstreams: UpstreamSource;
  recorder: CallRecorder;
  settings: () => OrchestratorSettings;
  getToken: () => string;
  /** Answers GET /identity so clients can check who listens before sending a token (identity.ts). */
  identity?: RunIdentity;
  /** Client tokens (scoped to one MCP endpoint); without it only the admin token is accepted. */
  clients?: CredentialCheck;
  serverInfo?: ServerInfo;
  routes?: HttpRoute[];
  /** Overrides for the HTTP server's limits (tests use small ones). */
  limits?: Partial<HttpLimits>;
  /** Applied to child errors and logs before they reach MCP clients. */
  redact?: (text: string) => string;
  /** When a request to a child is sent again (orchestrator.retry_attempts). */
  retry?: ChildRetry;
  /** Instead of "Unknown tool" for the router's tools while no server offers them (what to configure). */
  missingToolHint?: (name: string) => string | undefined;
  /** Where every tools/call is recorded (metrics/audit-log.ts); nothing is recorded without it. */
  audit?: AuditSink;
  /** Issue 22: tool/prompt/template pinning (trust/pins.ts); nothing is pinned without it. */
  pins?: PinGate;
  /** Asked before every tools/call (trust/approval-gate.ts); none when absent. */
  approval?: ApprovalCheck;
  /**
   * Requests on the transport's JSON path enter the pipeline directly (json-entry.ts). Defaults to on unless
   * MCP_ORCHESTRATOR_JSON_ENTRY=0 in env.processEnv: off, every request enters through the SDK Server's handlers (same pipeline).
   */
  jsonEntry?: boolean;
  /**
   * The pipeline's requests to a 2025-era stdio child go on its direct lane (child-lane.ts). Defaults to on unless
   * MCP_ORCHESTRATOR_CHILD_LANE=0 in env.processEnv: off, the SDK Client carries every request (the reference the
   * lane is held to by tests, and the bench's A/B).
   */
  childLane?: boolean;
}

export interface HttpLimits {
  /** Time a client gets to send all request headers (slowloris). */
  headersTimeoutMs: number;
  /** Time a client gets to send a whole request, body included; streamed replies are not limited. */
  requestTimeoutMs: number;
  /** Open TCP connections; more are refused at accept. Sized well above maxSessions + the UI's few. */
  maxConnections: number;
  /** The share of maxConnections for connections that have not shown the token (admission.ts). */
  maxUntrustedConnections: number;
  /** Idle keep-alive sockets are closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default, 30 s, would make them lax). */
  checkIntervalMs: number;
}

const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxConnections: 256,
  maxUntrustedConnections: 32,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

const MCP_PATH = '/mcp';
const CLOSE = { connection: 'close' };
const HEALTH_PATH = '/health';
const WELL_KNOWN_PREFIX = '/.well-known/';
/** Bursts of upstream changes (a restart reports several) become one notification. */
const LIST_CHANGED_DEBOUNCE_MS = 50;

const CLIENT_ON_API = 'client tokens cannot use the control API; it takes the admin token (the UI and the CLI on this account use it)';

/** Who owns a session: the admin, or one client token by name. */
const ownerOf = (credential: Credential): string =>
  credential === ADMIN || credential === BRIDGE ? credential : `client:${credential.name}`;

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The path part of a request target; the common exact '/mcp' skips URL parsing. */
function pathOf(url: string | undefined): string {
  if (url === MCP_PATH) return MCP_PATH;
  return new URL(url ?? '/', 'http://127.0.0.1').pathname;
}

function routeMatches(prefix: string, path: string): boolean {
  if (path.startsWith(prefix)) return true;
  return prefix.endsWith('/') && path === prefix.slice(0, -1);
}

export class Gateway {
  readonly aggregator: Aggregator;
  readonly profiles: ProfileRegistry<Aggregator>;
  /** Undefined when switched off (GatewayOptions.jsonEntry). */
  readonly jsonEntry: JsonEntry | undefined;
  /** List-changed fan-outs run one after another so profile list comparisons never interleave. */
  private notifying: Promise<void> = Promise.resolve();
  private readonly sessions: SessionManager;
  /** Requests of the 2026-07-28 era (stateless, no session): era2026/front.ts. */
  private readonly era2026: Era2026Front;
  private readonly routes: HttpRoute[];
  private http: HttpServer | undefined;
  private admission: Admission | undefined;
  private port = 0;
  private stopped = false;
  private pendingKinds = new Set<ListKind>();
  /** Which children announced the pending changes: a profile that includes one hears its list_changed as /mcp does. */
  private pendingFrom: { serverId: string; kinds: ListKind[] }[] = [];
  /** list_changed from the children: a burst becomes one fan-out LIST_CHANGED_DEBOUNCE_MS after its first. */
  private readonly listChanged: Debouncer;
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: GatewayOptions) {
    const { env } = opts;
    this.aggregator = new Aggregator(opts.upstreams, {
      recorder: opts.recorder,
      logger: env.logger,
      clock: env.clock,
      redact: opts.redact,
      retry: opts.retry,
      missingToolHint: opts.missingToolHint,
      audit: opts.audit,
      pins: opts.pins,
      approval: opts.approval,
      childLane: opts.childLane ?? env.processEnv.MCP_ORCHESTRATOR_CHILD_LANE !== '0',
    });
    this.jsonEntry = jsonEntryFor(opts, this.aggregator.pipeline);
    this.sessions = new SessionManager({
      aggregator: this.aggregator,
      serverInfo: opts.serverInfo ?? { name: 'mcp-orchestrator', version: '0.1.0' },
      clock: env.clock,
      logger: env.logger,
      settings: opts.settings,
      jsonEntry: this.jsonEntry,
    });
    const redact = opts.redact ?? ((text: string) => text);
    this.era2026 = new Era2026Front({
      serverInfo: opts.serverInfo ?? { name: 'mcp-orchestrator', version: '0.1.0' },
      clock: env.clock,
      logger: env.logger,
      // Tasks extension: a task's later requests go straight to the child that holds it (era2026/tasks.ts).
      tasks: { client: (serverId) => opts.upstreams.get(serverId)?.client, redact },
    });
    this.profiles = new ProfileRegistry(this.aggregator, env.logger);
    this.routes = [...(opts.routes ?? [])].sort((a, b) => b.prefix.length - a.prefix.length);
    const coalesce = { mode: 'coalesce', unref: true } as const;
    this.listChanged = debounce(env.clock, LIST_CHANGED_DEBOUNCE_MS, () => this.notifyListChanged(), coalesce);
    this.unsubscribe = this.aggregator.onChange((change) => {
      this.pendingFrom.push(change);
      this.queueListChanged(change.kinds);
    });
  }

  sessionCount(): number {
    return this.sessions.count();
  }

  /** Sessions with an open server-to-client (GET) stream, i.e. able to receive list_changed. */
  openStreamCount(): number {
    return this.sessions.openStreamCount();
  }

  /** The gateway's origin, e.g. http://127.0.0.1:3333 (empty before start). */
  baseUrl(): string {
    return this.http ? `http://${hostForUrl(this.opts.settings().host)}:${this.port}` : '';
  }

  /**
   * Applies the configured profiles: sessions of a removed profile are closed, those of a
   * changed one are told which of their lists changed. Resolves once summaries are fresh.
   */
  async setProfiles(configs: readonly ProfileConfig[]): Promise<ProfileSummary[]> {
    const update = this.profiles.set(configs);
    await Promise.all(update.removed.flatMap((v) => [this.sessions.closeView(v), this.era2026.closeView(v)]));
    await this.enqueueNotify(async () => {
      for (const view of update.changed) {
        const changed = await view.changedKinds(['tools', 'resources', 'prompts']);
        if (changed.size > 0) this.notifyView(changed, view);
      }
    });
    return this.profiles.refresh(this.baseUrl());
  }

  private enqueueNotify(task: () => Promise<void>): Promise<void> {
    const next = this.notifying.then(task).catch((err: unknown) => {
      this.opts.env.logger.warn('gateway: list_changed fan-out failed', { error: String(err) });
    });
    this.notifying = next;
    return next;
  }

  async start(portOverride?: number): Promise<{ url: string; port: number }> {
    if (this.http || this.stopped) throw new AppError(ErrorCode.INTERNAL, 'gateway already started or stopped; create a new one');
    const host = this.opts.settings().host;
    if (!isLoopbackHost(host)) {
      throw new AppError(ErrorCode.CONFIG_INVALID, `gateway host must be loopback (127.0.0.1, ::1 or localhost), got ${host}`);
    }
    const wanted = portOverride ?? this.opts.settings().port;
    const limits = { ...DEFAULT_HTTP_LIMITS, ...this.opts.limits };
    const http = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: limits.checkIntervalMs,
      },
      (req, res) => void this.onRequest(req, res),
    );
    http.maxConnections = limits.maxConnections;
    this.admission = new Admission(Math.min(limits.maxUntrustedConnections, limits.maxConnections));
    this.admission.attach(http);
    await new Promise<void>((resolve, reject) => {
      http.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          reject(
            new AppError(
              ErrorCode.PORT_IN_USE,
              `port ${wanted} on ${host} is already in use; stop the other process or choose another port with --port`,
            ),
          );
        } else reject(err);
      });
      http.listen(wanted, host, () => resolve());
    });
    this.http = http;
    this.port = (http.address() as AddressInfo).port;
    this.sessions.startReaper();
    const url = `http://${hostForUrl(host)}:${this.port}${MCP_PATH}`;
    this.opts.env.logger.info('gateway listening', { url });
    return { url, port: this.port };
  }

  /** Closes every MCP session and its GET stream (token rotation); clients must initialize again. */
  async closeAllSessions(): Promise<void> {
    await Promise.all([this.sessions.closeAll(), this.era2026.closeAll()]);
  }

  /** Final: closes every session and the server, and detaches from the upstreams. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.listChanged.cancel();
    this.sessions.stopReaper();
    await Promise.all([this.sessions.closeAll(), this.era2026.closeAll()]);
    this.aggregator.dispose();
    const http = this.http;
    this.http = undefined;
    if (!http) return;
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      // SSE streams and keep-alive sockets would otherwise hold close() open.
      http.closeAllConnections();
    });
  }

  /** Both eras' clients of one endpoint: 2025 sessions, and 2026 subscriptions/listen streams. */
  private notifyView(kinds: Set<ListKind>, view: GatewayView): void {
    this.sessions.notifyListChanged(kinds, view);
    this.era2026.notifyListChanged(kinds, view);
  }

  private queueListChanged(kinds: ListKind[]): void {
    for (const k of kinds) this.pendingKinds.add(k);
    this.listChanged.trigger();
  }

  private notifyListChanged(): void {
    const pending = this.pendingKinds;
    const from = this.pendingFrom;
    this.pendingKinds = new Set();
    this.pendingFrom = [];
    this.notifyView(pending, this.aggregator);
    // A profile's sessions hear about lists that changed for that profile, and about a list_changed from a child it
    // includes even when the list came out the same (the child said so; a client talking to it directly hears it).
    void this.enqueueNotify(async () => {
      for (const view of this.profiles.all()) {
        const changed = await view.changedKinds(pending);
        for (const c of from) if (await view.allowsServer(c.serverId)) for (const k of c.kinds) changed.add(k);
        if (changed.size > 0) this.notifyView(changed, view);
      }
      if (pending.has('tools')) await this.profiles.refresh(this.baseUrl());
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.dispatch(req, res);
    } catch (err) {
      this.opts.env.logger.error('gateway: request failed', { url: req.url, error: String(err) });
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === HEALTH_PATH && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    // OAuth-aware clients (MCP Inspector and others) probe these first; the web UI's page fallback would answer 200
    // with HTML, which they misread. The gateway is no OAuth resource server: bearer tokens only.
    if (path.startsWith(WELL_KNOWN_PREFIX)) {
      return sendJson(res, 404, { error: 'not_found', error_description: 'no OAuth metadata here: send Authorization: Bearer <token>' });
    }
    // Refused requests close their connection: an untrusted client gets no keep-alive slot.
    if (!hostAllowed(req.headers.host, this.port)) return sendJsonRpcError(res, 403, -32000, 'Forbidden: bad Host header', CLOSE);
    if (!originAllowed(req.headers.origin, this.port)) return sendJsonRpcError(res, 403, -32000, 'Forbidden: bad Origin', CLOSE);
    if (path === IDENTITY_PATH && req.method === 'GET' && this.opts.identity) return this.answerIdentity(req, res, this.opts.identity);
    const isMcp = path === MCP_PATH || path.startsWith(PROFILE_PATH_PREFIX);
    const route = isMcp ? undefined : this.routes.find((r) => routeMatches(r.prefix, path));
    if (!isMcp && !route) return sendJson(res, 404, { error: 'not found' });
    if (route && !route.auth) return this.handleRoute(route, req, res);
    const found = this.credentialFor(req.headers.authorization);
    const credential = found instanceof Promise ? await found : found;
    if (!credential) return sendJsonRpcError(res, 401, -32001, 'Unauthorized', { 'www-authenticate': 'Bearer', ...CLOSE });
    this.admission?.trust(req.socket);
    if (route) {
      // The control API writes the config, and so can start any command: the admin credential only.
      if (credential !== ADMIN) return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: CLIENT_ON_API } });
      return this.handleRoute(route, req, res);
    }
    if (credential !== ADMIN && credential !== BRIDGE && endpointOf(credential) !== path) {
      return sendJsonRpcError(res, 403, -32001, `Forbidden: this client token is bound to ${endpointOf(credential)}`);
    }
    const view = this.viewFor(path);
    if (!view) {
      const name = path.slice(PROFILE_PATH_PREFIX.length).slice(0, 64);
      return sendJsonRpcError(res, 404, -32001, `Unknown profile ${JSON.stringify(name)}; see the "profiles" config key`);
    }
    if (credential === ADMIN) this.noteAdminOnMcp();
    return this.handleMcp(req, res, view, ownerOf(credential));
  }

  private answerIdentity(req: IncomingMessage, res: ServerResponse, identity: RunIdentity): void {
    const answer = identity.answer(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('challenge'));
    if (!answer) return sendJson(res, 400, { error: 'challenge must be 32 to 128 lowercase hex characters' });
    sendJson(res, 200, answer);
  }

  /** The admin token, a client token's grant, or undefined (401). */
  /** At once for the admin and bridge tokens; a client token is looked up (its file may be read again). */
  private credentialFor(header: string | undefined): Credential | undefined | Promise<Credential | undefined> {
    if (bearerMatches(header, this.opts.getToken())) return ADMIN;
    if (this.opts.identity && bearerMatches(header, this.opts.identity.bridgeToken)) return BRIDGE;
    const given = bearerValue(header);
    return given && this.opts.clients ? this.opts.clients.verify(given) : undefined;
  }

  private warnedAdminOnMcp = false;

  /** Set-ups from before client tokens keep working; the log says once how to move IDEs off the admin token. */
  private noteAdminOnMcp(): void {
    if (this.warnedAdminOnMcp) return;
    this.warnedAdminOnMcp = true;
    this.opts.env.logger.warn(
      'an MCP client used the admin token, which also controls the orchestrator; give each IDE its own client token: mcp-orchestrator clients add <name> [--profile <profile>]',
    );
  }

  /** Closes every session a client token opened (it was revoked). */
  async closeClientSessions(name: string): Promise<void> {
    this.era2026.closeOwner(ownerOf({ name, profile: null }));
    await this.sessions.closeOwner(ownerOf({ name, profile: null }));
  }

  /** /mcp is the full set; /mcp/<name> a configured profile. */
  private viewFor(path: string): GatewayView | undefined {
    if (path === MCP_PATH) return this.aggregator;
    // Profile names are plain [A-Za-z0-9_-], so the raw segment is the name; anything else is unknown.
    return this.profiles.get(path.slice(PROFILE_PATH_PREFIX.length));
  }

  private async readLimited(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    try {
      return await readBody(req, this.opts.settings().maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      sendJsonRpcError(res, 413, -32600, `Request body too large (limit ${err.limit} bytes)`, { connection: 'close' });
      return undefined;
    }
  }

  private async handleRoute(route: HttpRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const body = hasBody ? await this.readLimited(req, res) : undefined;
    if (hasBody && body === undefined) return;
    await route.handle(req, res, body);
  }

  private async handleMcp(req: IncomingMessage, res: ServerResponse, view: GatewayView, owner: string): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (Array.isArray(sessionId)) return sendJsonRpcError(res, 400, -32600, 'Bad Request: one mcp-session-id expected');
    if (req.method === 'POST') return this.handleMcpPost(req, res, sessionId, view, owner);
    if (this.era2026.claimsOther(req)) return this.serve2026(req, res, undefined, view, owner);
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      return sendJsonRpcError(res, 405, -32000, 'Method not allowed', { allow: 'GET, POST, DELETE' });
    }
    if (!sessionId) return sendJsonRpcError(res, 400, -32000, 'Bad Request: mcp-session-id header is required');
    const session = this.sessions.get(sessionId, view, owner);
    if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
    await this.sessions.handle(session, req, res);
  }

  private serve2026(req: IncomingMessage, res: ServerResponse, body: unknown, view: GatewayView, owner: string): Promise<void> {
    return this.era2026.serve(req, res, body, view, { owner, caller: callerOf(owner, view), endpoint: pathOf(req.url) });
  }

  private async handleMcpPost(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string | undefined,
    view: GatewayView,
    owner: string,
  ): Promise<void> {
    const raw = await this.readLimited(req, res);
    if (raw === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendJsonRpcError(res, 400, -32700, 'Parse error');
    }
    // The era is decided by the request itself (as the SDK classifies it); 2025 traffic goes on as before.
    if (this.era2026.claimsPost(req, body)) return this.serve2026(req, res, body, view, owner);
    if (sessionId) {
      // A session belongs to the endpoint it was created on (a profile's id is unknown on /mcp and vice versa) and to
      // the credential that opened it: another token cannot ride on it.
      const session = this.sessions.get(sessionId, view, owner);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
      return this.sessions.handle(session, req, res, body);
    }
    if (!isInitializeRequest(body)) {
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: no session id; send initialize first');
    }
    const session = await this.sessions.create(view, owner);
    if (!session) return sendJsonRpcError(res, 503, -32000, 'Too many active sessions; try again later', { 'retry-after': '1' });
    await this.sessions.handle(session, req, res, body);
  }
}
