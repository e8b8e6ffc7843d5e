// The gateway's 2026-07-28 front: on /mcp and every /mcp/<profile>, a request of that era (no initialize, no
// session; its envelope in _meta) is answered here, by the SDK v2 per-request entry over one handler per endpoint.
// 2025 traffic never reaches this file. gateway.ts has already checked Host, Origin, the credential and its
// endpoint, and the body size before it calls serve().
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  classifyInboundRequest,
  createMcpHandler,
  createRequestStateCodec,
  toNodeHandler,
  type AuthInfo,
  type McpHttpHandler,
  type McpRequestContext,
} from '../../sdk/v2-server.js';
import type { Logger, Timers } from '../../env.js';
import type { Caller } from '../../metrics/audit-log.js';
import type { ListKind } from '../../upstream/upstream.js';
import type { ServerInfo } from '../mcp-server.js';
import type { GatewayView } from '../view.js';
import { plainLegacyRequest } from '../envelope.js';
import { DEFAULT_HELD_LIMITS, HeldCalls, type HeldLimits } from './held-calls.js';
import type { HeldState } from './rounds.js';
import { buildServer } from './server.js';
import { declarationsOf, HEADER_MISMATCH, paramHeaderMismatch } from './param-headers.js';
import { sendJson } from '../http-guard.js';
import { holdResourceSubscriptions, listenedUris } from './listen-resources.js';
import type { Client } from '../../sdk/client.js';
import type { Redact } from '../../wire/redaction.js';
import { TaskTable, DEFAULT_TASK_LIMITS, type TaskTableLimits } from '../task-table.js';
import type { TaskRoutes } from './tasks.js';

const MODERN_PROTOCOL_VERSION = '2026-07-28';

export interface Era2026Options {
  serverInfo: ServerInfo;
  clock: Timers;
  logger: Logger;
  held?: Partial<HeldLimits>;
  /** Tasks extension: a child's client by server id and the gateway's redaction; absent: no task passes through. */
  tasks?: { client(serverId: string): Client | undefined; redact: Redact; limits?: TaskTableLimits };
}

interface Endpoint {
  handler: McpHttpHandler;
  serve: ReturnType<typeof toNodeHandler>;
}

/** Who is asking: passed through the SDK entry as its authInfo, the one per-request value it hands the factory. */
interface Principal {
  owner: string;
  caller: Caller;
  endpoint: string;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export class Era2026Front {
  private readonly endpoints = new Map<GatewayView, Endpoint>();
  private readonly held: HeldCalls;
  // requestState comes back from the client: sealed with a key of this process, valid as long as a call is held.
  private readonly codec;
  /** Open responses per owner (listen streams above all), closed when that credential is revoked. */
  private readonly open = new Map<string, Set<ServerResponse>>();

  private readonly tasks: TaskRoutes | undefined;

  constructor(private readonly opts: Era2026Options) {
    const t = opts.tasks;
    this.tasks = t && { table: new TaskTable(opts.clock, t.limits ?? DEFAULT_TASK_LIMITS), client: t.client, redact: t.redact };
    const limits = { ...DEFAULT_HELD_LIMITS, ...opts.held };
    this.held = new HeldCalls(opts.clock, limits);
    this.codec = createRequestStateCodec<HeldState>({ key: randomBytes(32), ttlSeconds: Math.ceil(limits.holdMs / 1000) });
  }

  /** Whether a POST belongs to this era: the SDK's own classifier, so the two can never disagree. */
  claimsPost(req: IncomingMessage, body: unknown): boolean {
    if (plainLegacyRequest(body, first(req.headers['mcp-protocol-version']))) return false;
    const inbound = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: first(req.headers['mcp-protocol-version']),
      mcpMethodHeader: first(req.headers['mcp-method']),
      body,
    });
    return inbound.kind !== 'legacy';
  }

  /** A GET or DELETE without a session but with this era's version header: answered by the entry (405). */
  claimsOther(req: IncomingMessage): boolean {
    return !req.headers['mcp-session-id'] && first(req.headers['mcp-protocol-version']) === MODERN_PROTOCOL_VERSION;
  }

  async serve(req: IncomingMessage, res: ServerResponse, body: unknown, view: GatewayView, principal: Principal): Promise<void> {
    if (await this.refusedParamHeaders(req, res, body, view)) return;
    const auth: AuthInfo = { token: '', clientId: principal.owner, scopes: [], extra: { principal } };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
    let mine = this.open.get(principal.owner);
    if (!mine) this.open.set(principal.owner, (mine = new Set()));
    mine.add(res);
    res.once('close', () => {
      mine.delete(res);
      if (mine.size === 0 && this.open.get(principal.owner) === mine) this.open.delete(principal.owner);
    });
    const ep = this.endpointFor(view);
    const uris = listenedUris(body);
    // Subscribed before the stream is acknowledged, so no update the client causes right after is lost.
    if (uris.length > 0)
      await holdResourceSubscriptions(view, uris, res, (uri) => ep.handler.notify.resourceUpdated(uri), this.opts.logger);
    await ep.serve(req, res, body);
  }

  /** list_changed for open subscriptions/listen streams of this endpoint. */
  notifyListChanged(kinds: Set<ListKind>, view: GatewayView): void {
    const notify = this.endpoints.get(view)?.handler.notify;
    if (!notify) return;
    if (kinds.has('tools')) notify.toolsChanged();
    if (kinds.has('resources')) notify.resourcesChanged();
    if (kinds.has('prompts')) notify.promptsChanged();
  }

  /** A removed profile: its listen streams end. */
  async closeView(view: GatewayView): Promise<void> {
    const ep = this.endpoints.get(view);
    this.endpoints.delete(view);
    await ep?.handler.close();
  }

  /** A revoked client token: its streams close and its parked calls are cancelled. */
  closeOwner(owner: string): void {
    for (const res of this.open.get(owner) ?? []) res.destroy();
    this.open.delete(owner);
    this.held.dropOwner(owner);
    this.tasks?.table.dropOwner(owner);
  }

  async closeAll(): Promise<void> {
    for (const owner of [...this.open.keys()]) this.closeOwner(owner);
    this.held.dropAll();
    await Promise.all([...this.endpoints.values()].map((e) => e.handler.close()));
    this.endpoints.clear();
  }

  /** SEP-2243: a tools/call whose Mcp-Param-* headers disagree with its arguments is answered 400 here. */
  private async refusedParamHeaders(req: IncomingMessage, res: ServerResponse, body: unknown, view: GatewayView): Promise<boolean> {
    const msg = body as { method?: unknown; id?: unknown; params?: { name?: unknown; arguments?: unknown } } | undefined;
    if (msg?.method !== 'tools/call' || typeof msg.params?.name !== 'string') return false;
    const name = msg.params.name;
    const tool = (await view.listPublicTools()).find((t) => t.name === name);
    const mismatch = tool && paramHeaderMismatch(declarationsOf(tool.inputSchema), msg.params.arguments, req);
    if (!mismatch) return false;
    const message = `Bad Request: the request headers and body disagree: ${mismatch.why}`;
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
    sendJson(res, 400, { jsonrpc: '2.0', id, error: { code: HEADER_MISMATCH, message, data: { mismatch: { header: mismatch.header } } } });
    return true;
  }

  heldCount(): number {
    return this.held.size();
  }

  private endpointFor(view: GatewayView): Endpoint {
    let ep = this.endpoints.get(view);
    if (ep) return ep;
    const factory = (ctx: McpRequestContext) => {
      const principal = ctx.authInfo?.extra?.principal as Principal;
      const { owner, caller } = principal;
      const deps = { view, held: this.held, codec: this.codec, clock: this.opts.clock, owner, caller, tasks: this.tasks };
      return buildServer(this.opts.serverInfo, deps, principal.endpoint);
    };
    const onerror = (error: Error) => this.opts.logger.debug('gateway: 2026-07-28 request refused or failed', { error: error.message });
    // 'reject': 2025 traffic never gets here (gateway.ts routes it to the sessionful path).
    const handler = createMcpHandler(factory, { legacy: 'reject', onerror });
    ep = { handler, serve: toNodeHandler(handler, { onerror }) };
    this.endpoints.set(view, ep);
    return ep;
  }
}
