// One MCP view over many upstream servers: merged lists under public names, and every
// request routed back to the server that owns it with its original name.
import { TASKS_EXTENSION } from '../sdk/task-requests.js';
import { Emitter } from '../../../shared/emitter.js';
import {
  McpErrorCode,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '../sdk/types.js';
import { NAMESPACE_SEPARATOR } from '../../../shared/contract.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { ToolInfo } from '../../../shared/types.js';
import { silentLogger, systemClock, type Logger, type Timers } from '../env.js';
import type { CallRecorder, Upstream, UpstreamChange, UpstreamSource } from '../upstream/upstream.js';
import {
  buildPromptIndex,
  buildResourceIndex,
  buildToolIndex,
  routeResourceUri,
  withoutHidden,
  type Hidden,
  routeTemplateUri,
  type PromptIndex,
  type ResourceIndex,
  type ToolIndex,
} from './indexes.js';
import { withChildRetry, noRetry, type ChildRetry } from './child-retry.js';
import { notRunningError, quarantinedError, routingError, upstreamError } from '../wire/errors.js';
import type { PinGate } from '../trust/pins.js';
import type { Listed } from '../trust/definitions.js';
import type { PinKind } from '../../../shared/types.js';
import type { AuditSink } from '../metrics/audit-log.js';
import { PeerBridge } from './peer-bridge.js';
import type { Redact } from '../wire/redaction.js';
import { Subscriptions, type ResourceSubscriber } from './subscriptions.js';
import { CollisionNotes } from './collision-notes.js';
import { Snapshot } from './snapshot.js';
import { isFailedList, UpstreamListCache, type CachedKind, type ListItems } from './upstream-lists.js';
import type { ApprovalCheck } from '../trust/approval-gate.js';
import { Pipeline } from './forward.js';
import { approvalHook, auditHook, metricsHook } from './forward-hooks.js';
import type { ForwardHook, ForwardOptions, Routed, RouteKind } from './view.js';

const refusal = (message: string, data?: Record<string, unknown>): Routed => ({
  refusal: routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, message, data),
});

export type { ForwardOptions } from './view.js';

export interface AggregatorOptions {
  recorder: CallRecorder;
  logger?: Logger;
  clock?: Timers;
  /** Requests to a 2025-era stdio child on its direct lane (child-lane.ts; GatewayOptions.childLane). Default on. */
  childLane?: boolean;
  /** Applied to child errors and logs before they reach clients. */
  redact?: Redact;
  /** When a request to a child is sent again (orchestrator.retry_attempts); never by default. */
  retry?: ChildRetry;
  /** What to say instead of "Unknown tool" for a name that exists only while some server can serve it. */
  missingToolHint?: (name: string) => string | undefined;
  /** Every tools/call sent to a child is written here (audit-log.ts). */
  audit?: AuditSink;
  /** Issue 22: hides changed or new definitions until reviewed (trust/pins.ts); nothing is pinned without it. */
  pins?: PinGate;
  /** Asked before every tools/call is sent (trust/approval-gate.ts); every call runs when absent. */
  approval?: ApprovalCheck;
  /** More policy hooks (budgets, ...), run inside the built-in ones, nearest the send. */
  hooks?: readonly ForwardHook[];
}

export class Aggregator {
  private readonly cache: UpstreamListCache;
  private readonly changes = new Emitter<[UpstreamChange]>();
  private readonly stopWatching: () => void;
  private readonly tools = new Snapshot<ToolIndex>(async (ups) => {
    const lists = await this.collect(ups, 'tools');
    return this.collisionNotes.note('tool', buildToolIndex(lists, await this.hidden(lists, 'tool')));
  });
  private readonly prompts = new Snapshot<PromptIndex>(async (ups) => {
    const lists = await this.collect(ups, 'prompts');
    return this.collisionNotes.note('prompt', buildPromptIndex(withoutHidden(lists, await this.hidden(lists, 'prompt'))));
  });
  private readonly logger: Logger;
  private readonly collisionNotes: CollisionNotes;
  private readonly redact: Redact;
  private readonly retry: ChildRetry;
  private readonly missingToolHint?: (name: string) => string | undefined;
  private readonly pins?: PinGate;
  private readonly stopPins: () => void;
  /** The one forwarding pipeline (forward.ts); every view and front sends through it. */
  readonly pipeline: Pipeline;
  /** Child→client requests and logs; the per-session MCP servers register here. */
  readonly peers: PeerBridge;
  private readonly subscriptions: Subscriptions;
  private readonly resources = new Snapshot<ResourceIndex>(async (ups) => {
    const [res, tpl] = await Promise.all([this.collect(ups, 'resources'), this.collect(ups, 'templates')]);
    return buildResourceIndex(res, withoutHidden(tpl, await this.hidden(tpl, 'template')));
  });

  constructor(
    private readonly source: UpstreamSource,
    opts: AggregatorOptions,
  ) {
    const clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.collisionNotes = new CollisionNotes(this.logger);
    this.redact = opts.redact ?? ((t) => t);
    this.retry = opts.retry ?? noRetry;
    this.missingToolHint = opts.missingToolHint;
    this.pins = opts.pins;
    // A review changes what a server shows without any child saying so: rebuild its lists and tell clients.
    this.stopPins =
      opts.pins?.onReviewed((serverId) => this.handleChange({ serverId, kinds: ['tools', 'prompts', 'resources'] })) ?? (() => {});
    this.peers = new PeerBridge(source, this.logger, this.redact, clock);
    this.subscriptions = new Subscriptions(this.logger);
    this.cache = new UpstreamListCache(this.logger);
    this.stopWatching = source.onChange((change) => this.handleChange(change));
    // Outermost first: audit sees refusals too, approval runs before anything is sent, metrics time the child.
    const hooks: ForwardHook[] = [];
    if (opts.audit) hooks.push(auditHook(opts.audit, clock));
    if (opts.approval) hooks.push(approvalHook(opts.approval, async (name) => (await this.toolIndex()).byName.get(name)));
    hooks.push(metricsHook(opts.recorder, clock), ...(opts.hooks ?? []));
    this.pipeline = new Pipeline({
      upstreams: source,
      clock,
      redact: this.redact,
      hooks,
      send: (id, method, ctx, request) => this.send(id, method, ctx, request),
      ...(opts.childLane !== false && { lane: (up: Upstream) => this.peers.lane(up) }),
    });
  }

  /** Called after the caches were invalidated, so listeners re-listing see fresh data. */
  onChange(listener: (change: UpstreamChange) => void): () => void {
    return this.changes.on(listener);
  }

  dispose(): void {
    this.stopWatching();
    this.stopPins();
    this.changes.clear();
  }

  private handleChange(change: UpstreamChange): void {
    const up = this.source.get(change.serverId);
    if (up) {
      // A (re)started child gets its handlers, log level and subscriptions before anyone calls it.
      this.peers.attach(up);
      this.subscriptions.attach(up);
    }
    this.cache.invalidate(change.serverId, change.kinds);
    if (change.kinds.includes('tools')) this.tools.invalidate();
    if (change.kinds.includes('prompts')) this.prompts.invalidate();
    if (change.kinds.includes('resources')) this.resources.invalidate();
    this.changes.emit(change);
    // A pinned server's new lists are judged now, not when a client first asks: status shows what awaits review.
    if (this.pins && up?.pinning && up.pinning !== 'off') this.screenNow(change.kinds);
  }

  private screenNow(kinds: readonly string[]): void {
    const builds: Promise<unknown>[] = [];
    if (kinds.includes('tools')) builds.push(this.toolIndex());
    if (kinds.includes('prompts')) builds.push(this.promptIndex());
    if (kinds.includes('resources')) builds.push(this.resourceIndex());
    Promise.all(builds).catch((err: unknown) => this.logger.warn('gateway: listing for pinning failed', { error: String(err) }));
  }

  /** Human-readable renames of this server's tools/prompts caused by collisions (empty if none). */
  nameCollisions(serverId: string): string[] {
    return this.collisionNotes.forServer(serverId);
  }

  private async collect<K extends CachedKind>(ups: Upstream[], kind: K) {
    this.cache.retain(new Set(ups.map((u) => u.id)));
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- narrows the cache's union to this kind
    return Promise.all(ups.map(async (up) => ({ up, items: (await this.cache.get(up, kind)) as ListItems[K][] })));
  }

  /** Per server, what pinning hides of these lists (a failed listing is not judged: it is no first list). */
  private async hidden(lists: { up: Upstream; items: readonly Listed[] }[], kind: PinKind): Promise<Hidden> {
    const out = new Map<string, ReadonlySet<string>>();
    const pins = this.pins;
    if (!pins) return out;
    await Promise.all(
      lists.map(async ({ up, items }) => {
        if (!up.pinning || up.pinning === 'off' || isFailedList(items)) return;
        const names = await pins.screen(up.id, up.pinning, kind, items);
        if (names.size > 0) out.set(up.id, names);
      }),
    );
    return out;
  }

  /** The current tool index (public names, owners); profiles filter it. */
  toolIndex(): Promise<ToolIndex> {
    return this.tools.get(this.source.list());
  }

  promptIndex(): Promise<PromptIndex> {
    return this.prompts.get(this.source.list());
  }

  resourceIndex(): Promise<ResourceIndex> {
    return this.resources.get(this.source.list());
  }

  private upstream(serverId: string): Upstream {
    const up = this.source.get(serverId);
    if (!up) throw notRunningError(serverId);
    return up;
  }

  /** Every tool, including disabled ones (enabled: false); for the control API and status. */
  async listTools(): Promise<ToolInfo[]> {
    return (await this.toolIndex()).infos;
  }

  /** tools/list: enabled tools under public names. The array is shared; do not mutate it. */
  async listPublicTools(): Promise<Tool[]> {
    return (await this.toolIndex()).publicTools;
  }

  /** tools/call through the pipeline, for in-process callers (control API, tests). */
  callTool(name: string, args: Record<string, unknown> = {}, opts: ForwardOptions = {}): Promise<CallToolResult> {
    return this.pipeline.forward(
      { method: 'tools/call', params: { name, arguments: args } },
      { ...opts, view: this },
    ) as Promise<CallToolResult>;
  }

  /**
   * route() for the full view. A restarting child's tools are out of the index until it is back, so with
   * retries on, a `<server>__tool` name whose server is on its way waits for it (the call has not been sent).
   */
  route(kind: RouteKind, name: string, cancel?: { readonly signal?: AbortSignal }): Routed | Promise<Routed> {
    if (kind === 'tool') {
      // The usual case: the index is built and names the tool. Anything else (a build, a wait for a child) waits.
      const info = this.tools.ready(this.source.list())?.byName.get(name);
      return info?.enabled ? { serverId: info.serverId, originalName: info.originalName } : this.routeTool(name, cancel);
    }
    return this.routeOther(kind, name);
  }

  private async routeOther(kind: Exclude<RouteKind, 'tool'>, name: string): Promise<Routed> {
    if (kind === 'prompt') {
      const owner = (await this.promptIndex()).byName.get(name);
      if (!owner) return refusal(`Unknown prompt: ${name}`);
      return { serverId: owner.serverId, originalName: owner.originalName };
    }
    const ups = this.source.list();
    const index = await this.resourceIndex();
    const ids = ups.map((u) => u.id);
    const found = kind === 'resource' ? routeResourceUri(index, name, ids) : routeTemplateUri(index, name, ids);
    // data.uri names the missing resource, as the spec asks of a resource-not-found error (SEP-2164).
    if (!found) return refusal(`Unknown resource: ${name}`, kind === 'resource' ? { uri: name } : undefined);
    return { serverId: found.serverId, originalName: found.uri };
  }

  private async routeTool(name: string, cancel?: { readonly signal?: AbortSignal }): Promise<Routed> {
    const info = await this.findTool(name, cancel);
    if (!info) {
      const held = (await this.toolIndex()).quarantined.get(name);
      if (held) return { refusal: quarantinedError(name, held.serverId) };
      const hint = this.missingToolHint?.(name);
      if (hint) return { refusal: routingError(McpErrorCode.InvalidParams, ErrorCode.VENDOR_UNAVAILABLE, hint) };
      return { refusal: routingError(McpErrorCode.InvalidParams, ErrorCode.TOOL_NOT_FOUND, `Unknown tool: ${name}`) };
    }
    if (!info.enabled) return { refusal: routingError(McpErrorCode.InvalidParams, ErrorCode.TOOL_DISABLED, `Tool ${name} is disabled`) };
    return { serverId: info.serverId, originalName: info.originalName };
  }

  private async findTool(name: string, cancel?: { readonly signal?: AbortSignal }) {
    const found = (await this.toolIndex()).byName.get(name);
    if (found || this.retry.attempts() <= 0) return found;
    const serverId = name.split(NAMESPACE_SEPARATOR)[0];
    if (!serverId || serverId === name || !(await this.retry.awaitChild(serverId, cancel?.signal))) return undefined;
    return (await this.toolIndex()).byName.get(name);
  }

  /**
   * Sends one request to a child (the pipeline's send step): retried by the child-retry rules, with the
   * child's requests back (sampling, elicitation, roots) bridged to `opts.link`.
   */
  send<T>(
    serverId: string,
    method: string,
    opts: Pick<ForwardOptions, 'signal' | 'link'>,
    request: (up: Upstream) => Promise<T>,
  ): Promise<T> {
    if (this.retry.attempts() <= 0) {
      // No retries: what withChildRetry does then, without its per-call closures.
      const up = this.source.get(serverId);
      return up ? this.peers.run(up, opts.link, () => request(up)) : Promise.reject(notRunningError(serverId));
    }
    return withChildRetry({
      serverId,
      method,
      retry: this.retry,
      cancel: opts,
      upstream: () => this.source.get(serverId),
      notRunning: () => notRunningError(serverId),
      send: (up) => this.peers.run(up, opts.link, () => request(up)),
    });
  }

  async listResources(): Promise<Resource[]> {
    return (await this.resources.get(this.source.list())).resources;
  }

  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    return (await this.resources.get(this.source.list())).templates;
  }

  readResource(uri: string, opts: ForwardOptions = {}): Promise<ReadResourceResult> {
    return this.pipeline.forward({ method: 'resources/read', params: { uri } }, { ...opts, view: this }) as Promise<ReadResourceResult>;
  }

  async listPrompts(): Promise<Prompt[]> {
    return (await this.prompts.get(this.source.list())).publicPrompts;
  }

  getPrompt(name: string, args?: Record<string, string>, opts: ForwardOptions = {}): Promise<GetPromptResult> {
    const params = { name, ...(args && { arguments: args }) };
    return this.pipeline.forward({ method: 'prompts/get', params }, { ...opts, view: this }) as Promise<GetPromptResult>;
  }

  complete(params: CompleteRequest['params'], opts: ForwardOptions = {}): Promise<CompleteResult> {
    return this.pipeline.forward({ method: 'completion/complete', params }, { ...opts, view: this }) as Promise<CompleteResult>;
  }

  /** The child a public resource URI belongs to (throws an MCP error for an unknown URI). */
  async routeUri(uri: string) {
    const ups = this.source.list();
    const route = routeResourceUri(
      await this.resources.get(ups),
      uri,
      ups.map((u) => u.id),
    );
    // data.uri names the missing resource, as the spec asks of a resource-not-found error (SEP-2164).
    if (!route) throw routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, `Unknown resource: ${uri}`, { uri });
    return { route, up: this.upstream(route.serverId) };
  }

  /** resources/subscribe from one session, routed to the child that owns the URI. */
  async subscribe(server: ResourceSubscriber, uri: string): Promise<void> {
    const { route, up } = await this.routeUri(uri);
    try {
      await this.subscriptions.subscribe(server, up, route, uri);
    } catch (err) {
      throw upstreamError(up.id, err, undefined, this.redact);
    }
  }

  async unsubscribe(server: ResourceSubscriber, uri: string): Promise<void> {
    const { route, up } = await this.routeUri(uri);
    try {
      await this.subscriptions.unsubscribe(server, up, route);
    } catch (err) {
      throw upstreamError(up.id, err, undefined, this.redact);
    }
  }

  /** The full view serves every child. */
  allowsServer(): boolean {
    return true;
  }

  /** What the gateway can serve right now, from what its children declare. */
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean; tasks?: boolean } {
    const caps = this.source.list().map((u) => u.client.getServerCapabilities() ?? {});
    return {
      logging: caps.some((c) => c.logging !== undefined),
      subscribe: caps.some((c) => c.resources?.subscribe === true),
      completions: caps.some((c) => c.completions !== undefined),
      // Tasks extension (SEP-2663): passed through to 2026 clients (gateway/era2026/tasks.ts).
      tasks: caps.some((c) => (c as { extensions?: Record<string, unknown> }).extensions?.[TASKS_EXTENSION] !== undefined),
    };
  }
}
