// The way back from children to downstream clients: requests a child sends while serving a
// client's call (sampling, elicitation, roots), its log messages, and the bookkeeping of
// which downstream request is being served by which child.
//
// Which session does a child's request belong to? A child's server→client request names no
// downstream session, so the gateway tracks every routed request while it is in flight:
//  1. Over Streamable HTTP (and in-process) the child answers on the very stream our request
//     opened, and Node keeps the async context of that request alive across the stream's
//     reads, so an AsyncLocalStorage set around the routed call identifies the exact
//     downstream request, however many sessions call the same child at once.
//  2. A stdio child shares one pipe for everything, so no context survives. There, a child's
//     request goes to the one session that has requests in flight on that child; when several
//     sessions do, it is ambiguous and the child gets a clear error rather than a guess.
// Per-session child connections would avoid (2) but cost a process per session and client.
import { isStdioPipe } from './stdio-pipe.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '../sdk/client.js';
import type { Server } from '../sdk/server.js';
import {
  McpErrorCode,
  ProtocolError,
  type ClientCapabilities,
  type LoggingLevel,
  type LoggingMessageNotification,
  type Request,
  type Result,
} from '../sdk/types.js';
import { ANY_RESULT } from '../sdk/validation.js';
import { systemClock, type Logger, type Timers } from '../env.js';
import type { Upstream, UpstreamSource } from '../upstream/upstream.js';
import { redactDeep } from '../wire/redaction.js';
import type { DownstreamLink, PeerSession } from '../wire/downstream-link.js';
import { ChildLane } from './child-lane.js';
import { coalesceChildWrites } from './child-writes.js';
import { orderRepliesAfterNotifications } from './reply-order.js';

// Defined below the gateway (trust/ and control/ hold links too); re-exported for the gateway's own files.
export type { DownstreamLink } from '../wire/downstream-link.js';

const LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const severity = (l: LoggingLevel) => LEVELS.indexOf(l);
/** A human answering an elicitation can take a while; the child's own timeout still applies. */
const CLIENT_REQUEST_TIMEOUT_MS = 10 * 60_000;

interface SessionPeer {
  server: Server;
  /** The session's endpoint: it hears only the children this view serves. */
  view: NotificationFilter;
  logLevel?: LoggingLevel;
}

/** What the bridge asks of a session's view (GatewayView has it). */
export interface NotificationFilter {
  allowsServer(serverId: string): boolean | Promise<boolean>;
}

/** Sends `send()` if the view serves the child; synchronously when it can tell at once, to keep order. */
function whenAllowed(view: NotificationFilter, serverId: string, send: () => void): void {
  const ok = view.allowsServer(serverId);
  if (ok === true) send();
  else if (ok !== false) void ok.then((yes) => yes && send()).catch(() => undefined);
}

type ForwardedMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';

function missingCapability(
  method: ForwardedMethod,
  params: Record<string, unknown> | undefined,
  caps: ClientCapabilities | undefined,
): string | null {
  if (method === 'sampling/createMessage') return caps?.sampling ? null : 'sampling';
  if (method === 'roots/list') return caps?.roots ? null : 'roots';
  const el = caps?.elicitation as { form?: object; url?: object } | undefined;
  if (!el) return 'elicitation';
  const formOk = el.form !== undefined || el.url === undefined;
  if (params?.mode === 'url') return el.url ? null : 'elicitation (url mode)';
  return formOk ? null : 'elicitation (form mode)';
}

/** A 2026 child asks only inside input_required results (its connection drops server→client requests). */
function inputKeyOf(client: Client, id: unknown): string | undefined {
  return client.getProtocolEra() === 'modern' && typeof id === 'string' ? id : undefined;
}

export class PeerBridge {
  private readonly context = new AsyncLocalStorage<DownstreamLink>();
  /** Per child: downstream links with requests in flight (count per link). */
  private readonly inflight = new Map<string, Map<DownstreamLink, number>>();
  private readonly peers = new Map<PeerSession, SessionPeer>();
  private readonly attached = new WeakSet<Client>();
  /** Per stdio child's client: the pipeline's direct way to it (child-lane.ts). */
  private readonly lanes = new WeakMap<Client, ChildLane>();

  constructor(
    private readonly source: UpstreamSource,
    private readonly logger: Logger,
    private readonly redact: (text: string) => string,
    private readonly timers: Timers = systemClock,
  ) {}

  /** The child's lane, while it can carry a request now (a 2025-era stdio child); undefined otherwise. */
  lane(up: Upstream): ChildLane | undefined {
    const lane = this.lanes.get(up.client);
    return lane?.usable() ? lane : undefined;
  }

  /** Called once a session is initialized; also forgets sessions closed since. */
  register(server: Server, view: NotificationFilter): void {
    this.sessions();
    if (!this.peers.has(server)) this.peers.set(server, { server, view });
  }

  /** Live sessions; a closed Server has no transport any more and is dropped here. */
  sessions(): SessionPeer[] {
    const out: SessionPeer[] = [];
    for (const [key, peer] of this.peers) {
      if (peer.server.transport) out.push(peer);
      else this.peers.delete(key);
    }
    return out;
  }

  /** Runs one routed request, remembering which downstream request it serves. */
  async run<T>(up: Upstream, link: DownstreamLink | undefined, fn: () => Promise<T>): Promise<T> {
    this.attach(up);
    if (!link) return fn();
    let links = this.inflight.get(up.id);
    if (!links) this.inflight.set(up.id, (links = new Map()));
    links.set(link, (links.get(link) ?? 0) + 1);
    try {
      // A stdio pipe carries no context, so entering one would only cost time there.
      return await (isStdioPipe(up.client.transport) ? fn() : this.context.run(link, fn));
    } finally {
      const n = (links.get(link) ?? 1) - 1;
      if (n > 0) links.set(link, n);
      else links.delete(link);
    }
  }

  /** The downstream request a child's message belongs to, per the rules at the top. */
  private linkFor(serverId: string): DownstreamLink | 'ambiguous' | undefined {
    const own = this.context.getStore();
    if (own) return own;
    // Where the context survives, its absence means "related to no request" (e.g. a GET stream).
    if (!isStdioPipe(this.source.get(serverId)?.client.transport)) return undefined;
    const links = this.inflight.get(serverId);
    if (!links || links.size === 0) return undefined;
    const servers = new Set([...links.keys()].map((l) => l.server));
    if (servers.size > 1) return 'ambiguous';
    return [...links.keys()].at(-1);
  }

  /** Installs the child→client handlers on a child's client, once per client. */
  attach(up: Upstream): void {
    const client = up.client;
    if (this.attached.has(client)) return;
    this.attached.add(client);
    orderRepliesAfterNotifications(client);
    coalesceChildWrites(client);
    // Last, so its replies skip the deferral above (a lane request takes no progress).
    const lane = ChildLane.attach(client, this.timers);
    if (lane) this.lanes.set(client, lane);
    // The v2 client hands its handlers the request's signal in ctx.mcpReq; it calls them for a 2025 child's
    // request and for each input a 2026 child's input_required result asks for (then retries with the answers).
    // For a 2026 child, ctx.mcpReq.id is the key of the child's inputRequests entry: kept, so a 2026 caller sees it.
    const forward = (method: ForwardedMethod) => (req: Request, ctx: { mcpReq: { signal: AbortSignal; id?: unknown } }) =>
      this.forwardRequest(up.id, method, req.params, ctx.mcpReq.signal, inputKeyOf(client, ctx.mcpReq.id));
    // A client that did not advertise a capability (e.g. the in-process router) cannot take its handler.
    for (const method of ['sampling/createMessage', 'elicitation/create', 'roots/list'] as const) {
      try {
        client.setRequestHandler(method, forward(method) as never);
      } catch {
        // not advertised: the child cannot send it either
      }
    }
    if (up.onLogMessage) up.onLogMessage((n) => this.onLog(up.id, n));
    else client.setNotificationHandler('notifications/message', (n) => this.onLog(up.id, n));
    const level = this.mostVerboseLevel();
    if (level && client.getServerCapabilities()?.logging) void this.setChildLevel(up, level);
  }

  private async forwardRequest(
    serverId: string,
    method: ForwardedMethod,
    params: Request['params'],
    signal: AbortSignal,
    inputKey?: string,
  ): Promise<Result> {
    const link = this.linkFor(serverId);
    if (link === 'ambiguous') {
      throw new ProtocolError(
        McpErrorCode.InvalidRequest,
        `${method} from ${serverId} cannot be routed: several clients have requests in flight on this server`,
      );
    }
    if (!link) {
      throw new ProtocolError(
        McpErrorCode.InvalidRequest,
        `${method} from ${serverId} cannot be routed: it was not sent while serving a client's request`,
      );
    }
    const missing = missingCapability(method, params, link.server.getClientCapabilities());
    if (missing) {
      link.refuse?.(method, params);
      throw new ProtocolError(
        McpErrorCode.MethodNotFound,
        `the MCP client calling ${serverId} does not support ${missing} (it did not declare the capability), so ${method} cannot be forwarded`,
      );
    }
    // A sampling prompt or an elicitation message is the child's text on its way to a client: redacted like its logs.
    const safe = params === undefined ? undefined : (redactDeep(params, this.redact) as Request['params']);
    return link.sendRequest({ method, params: safe }, ANY_RESULT, { signal, timeout: CLIENT_REQUEST_TIMEOUT_MS, inputKey });
  }

  // ---- logging ----

  private onLog(serverId: string, n: LoggingMessageNotification): void {
    const { level, logger, data } = n.params;
    const params = { ...n.params, logger: this.redact(logger ? `${serverId}/${logger}` : serverId), data: redactDeep(data, this.redact) };
    const notification = { method: 'notifications/message' as const, params };
    const link = this.linkFor(serverId);
    if (link && link !== 'ambiguous') {
      const peer = this.peers.get(link.server);
      // Messages about a client's own request reach it unless it asked for a higher level.
      if (!peer?.logLevel || severity(level) >= severity(peer.logLevel)) link.sendNotification(notification).catch(() => undefined);
      return;
    }
    for (const peer of this.sessions()) {
      if (!peer.logLevel || severity(level) < severity(peer.logLevel)) continue;
      // A profile's session hears only the children its profile includes.
      whenAllowed(peer.view, serverId, () => void peer.server.notification(notification).catch(() => undefined));
    }
  }

  private mostVerboseLevel(): LoggingLevel | undefined {
    let best: LoggingLevel | undefined;
    for (const p of this.sessions()) if (p.logLevel && (!best || severity(p.logLevel) < severity(best))) best = p.logLevel;
    return best;
  }

  private async setChildLevel(up: Upstream, level: LoggingLevel): Promise<void> {
    try {
      await up.client.setLoggingLevel(level, { timeout: up.timeoutMs });
    } catch (err) {
      this.logger.debug('gateway: logging/setLevel failed on a child', { serverId: up.id, error: this.redact(String(err)) });
    }
  }

  /** logging/setLevel from a session: children get the most verbose level any session wants. */
  async setLevel(server: Server, level: LoggingLevel, view: NotificationFilter): Promise<void> {
    const peer = this.peers.get(server) ?? { server, view };
    peer.logLevel = level;
    this.peers.set(server, peer);
    const wanted = this.mostVerboseLevel() ?? level;
    const ups = this.source.list().filter((u) => u.client.getServerCapabilities()?.logging);
    for (const up of ups) this.attach(up);
    await Promise.all(ups.map((up) => this.setChildLevel(up, wanted)));
  }

  /** notifications/roots/list_changed from a client: every child that may have asked is told. */
  rootsChanged(): void {
    for (const up of this.source.list()) {
      if (up.namespace === null) continue;
      up.client.sendRootsListChanged().catch(() => undefined);
    }
  }
}
