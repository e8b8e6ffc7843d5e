// One MCP view over many upstream servers: merged lists under public names, and every
// request routed back to the server that owns it with its original name.
import { Emitter } from '../../../shared/emitter.js';
import {
  CallToolResultSchema,
  GetPromptResultSchema,
  ReadResourceResultSchema,
  ErrorCode as McpErrorCode,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Progress,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '../sdk/types.js';
import type { RequestOptions } from '../sdk/shared.js';
import { NAMESPACE_SEPARATOR } from '../../../shared/contract.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { ToolInfo } from '../../../shared/types.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../env.js';
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
import { isNotRunningError, notRunningError, quarantinedError, routingError, upstreamError } from '../wire/errors.js';
import type { PinGate } from '../trust/pins.js';
import type { Listed } from '../trust/definitions.js';
import type { PinKind } from '../../../shared/types.js';
import { recordCall } from '../metrics/record-call.js';
import type { AuditOutcome, AuditSink, Caller } from '../metrics/audit-log.js';
import { PeerBridge } from './peer-bridge.js';
import { redactToolResult, type Redact } from '../wire/redaction.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import { Subscriptions, type ResourceSubscriber } from './subscriptions.js';
import { CollisionNotes } from './collision-notes.js';
import { Snapshot } from './snapshot.js';
import { isFailedList, UpstreamListCache, type CachedKind, type ListItems } from './upstream-lists.js';
import type { ApprovalCheck, ApprovalResult } from '../trust/approval-gate.js';

// Defined below the gateway (profiles and control pass it too); re-exported for the gateway's own files.
export type { ForwardOptions } from '../wire/forward-options.js';

/** A tool call's route: the owning server, its name there and the public name the client used. */
export interface ToolTarget {
  serverId: string;
  tool: string;
  publicName: string;
}

/** The control API's calls (the UI's playground) come with the admin credential and no session. */
const DIRECT_CALLER: Caller = { client: 'admin', profile: null };

export interface AggregatorOptions {
  recorder: CallRecorder;
  logger?: Logger;
  clock?: Clock;
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
}

/** A child's progress message is its text: it passes the redactor like its log messages. */
function requestOptions(up: Upstream, opts: ForwardOptions, redact: Redact): RequestOptions {
  const onProgress = opts.onProgress;
  const onprogress = onProgress && ((p: Progress) => onProgress(p.message === undefined ? p : { ...p, message: redact(p.message) }));
  return { timeout: up.timeoutMs, signal: opts.signal, onprogress };
}

export class Aggregator {
  private readonly cache: UpstreamListCache;
  private readonly recorder: CallRecorder;
  private readonly clock: Clock;
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
  private readonly audit?: AuditSink;
  private readonly pins?: PinGate;
  private readonly stopPins: () => void;
  private readonly approval?: ApprovalCheck;
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
    this.recorder = opts.recorder;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.collisionNotes = new CollisionNotes(this.logger);
    this.redact = opts.redact ?? ((t) => t);
    this.retry = opts.retry ?? noRetry;
    this.missingToolHint = opts.missingToolHint;
    this.audit = opts.audit;
    this.pins = opts.pins;
    // A review changes what a server shows without any child saying so: rebuild its lists and tell clients.
    this.stopPins =
      opts.pins?.onReviewed((serverId) => this.handleChange({ serverId, kinds: ['tools', 'prompts', 'resources'] })) ?? (() => {});
    this.approval = opts.approval;
    this.peers = new PeerBridge(source, this.logger, this.redact);
    this.subscriptions = new Subscriptions(this.logger);
    this.cache = new UpstreamListCache(this.logger);
    this.stopWatching = source.onChange((change) => this.handleChange(change));
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

  async callTool(name: string, args: Record<string, unknown> = {}, opts: ForwardOptions = {}): Promise<CallToolResult> {
    const info = await this.findTool(name, opts.signal);
    if (!info) {
      const held = (await this.toolIndex()).quarantined.get(name);
      if (held) throw quarantinedError(name, held.serverId);
      const hint = this.missingToolHint?.(name);
      if (hint) throw routingError(McpErrorCode.InvalidParams, ErrorCode.VENDOR_UNAVAILABLE, hint);
      throw routingError(McpErrorCode.InvalidParams, ErrorCode.TOOL_NOT_FOUND, `Unknown tool: ${name}`);
    }
    if (!info.enabled) throw routingError(McpErrorCode.InvalidParams, ErrorCode.TOOL_DISABLED, `Tool ${name} is disabled`);
    const params = { name: info.originalName, arguments: args, ...(opts.meta ? { _meta: opts.meta } : {}) };
    const target = { serverId: info.serverId, tool: info.originalName, publicName: name };
    try {
      const result = await this.recordToolCall(target, args, opts, () =>
        this.send(info.serverId, 'tools/call', opts, (up) =>
          up.client.request({ method: 'tools/call', params }, CallToolResultSchema, requestOptions(up, opts, this.redact)),
        ),
      );
      return redactToolResult(result, this.redact);
    } catch (err) {
      throw upstreamError(info.serverId, err, opts.signal, this.redact);
    }
  }

  /**
   * The one place a tools/call is approved, timed and recorded, for both the SDK path and the fast
   * path: approval first (nothing is sent before it), then the server's metrics (recordCall) and the
   * audit log (who, what, the approval decision, how it went; arguments hashed).
   */
  async recordToolCall<T>(target: ToolTarget, args: unknown, opts: ForwardOptions, run: () => Promise<T>): Promise<T> {
    let started = this.clock.now();
    const approved = await this.approve(target, args, opts);
    const audit = (outcome: AuditOutcome, error?: unknown) =>
      this.audit?.record({
        caller: opts.caller ?? DIRECT_CALLER,
        server: target.serverId,
        tool: target.tool,
        publicName: target.publicName,
        args,
        outcome,
        latencyMs: this.clock.now() - started,
        error,
        ...(approved && { approval: approved.decision }),
      });
    if (approved?.refusal) {
      audit(approved.decision === 'cancelled' ? 'cancelled' : 'error', approved.refusal);
      throw approved.refusal;
    }
    // An allowed call's latency is the call's own, not the time the user took to answer.
    started = this.clock.now();
    const call = { serverId: target.serverId, notTheServers: isNotRunningError, signal: opts.signal };
    let result: T;
    try {
      result = await recordCall(this.recorder, this.clock, call, run);
    } catch (err) {
      audit(opts.signal?.aborted ? 'cancelled' : 'error', err);
      throw err;
    }
    // A tool's own failure (isError): its content is the result, which the log never holds.
    audit((result as { isError?: unknown } | null)?.isError === true ? 'error' : 'ok');
    return result;
  }

  private async approve(target: ToolTarget, args: unknown, opts: ForwardOptions): Promise<ApprovalResult | undefined> {
    if (!this.approval) return undefined;
    return this.approval.check({
      ...target,
      args,
      caller: opts.caller ?? DIRECT_CALLER,
      byUser: opts.byUser === true,
      link: opts.link,
      signal: opts.signal,
      hints: async () => (await this.toolIndex()).byName.get(target.publicName),
    });
  }

  /**
   * The tool by public name. A restarting child's tools are out of the index until it is back, so with
   * retries on, a `<server>__tool` name whose server is on its way waits for it (the call has not been sent).
   */
  private async findTool(name: string, signal?: AbortSignal) {
    const found = (await this.toolIndex()).byName.get(name);
    if (found || this.retry.attempts() <= 0) return found;
    const serverId = name.split(NAMESPACE_SEPARATOR)[0];
    if (!serverId || serverId === name || !(await this.retry.awaitChild(serverId, signal))) return undefined;
    return (await this.toolIndex()).byName.get(name);
  }

  /** One request to one child, through the peer bridge, sent again only where child-retry.ts allows. */
  /**
   * Sends one request to a child: retried by the child-retry rules, with the child's requests
   * back (sampling, elicitation, roots) bridged to `opts.link`. The fast path sends through here too.
   */
  send<T>(serverId: string, method: string, opts: ForwardOptions, request: (up: Upstream) => Promise<T>): Promise<T> {
    return withChildRetry({
      serverId,
      method,
      retry: this.retry,
      signal: opts.signal,
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

  async readResource(uri: string, opts: ForwardOptions = {}): Promise<ReadResourceResult> {
    const { route, up } = await this.routeUri(uri);
    try {
      const result = await this.send(up.id, 'resources/read', opts, (u) =>
        // request() with the schema, as tools/call: the same validation and wording as the fast path, and none of
        // the v2 client's response cache, which is not partitioned by our downstream clients.
        u.client.request(
          { method: 'resources/read', params: { uri: route.uri } },
          ReadResourceResultSchema,
          requestOptions(u, opts, this.redact),
        ),
      );
      // Contents carry the child's URI; show the client the one it asked for.
      const contents = result.contents.map((c) => (c.uri === route.uri ? { ...c, uri } : c));
      return { ...result, contents };
    } catch (err) {
      throw upstreamError(up.id, err, opts.signal, this.redact);
    }
  }

  async listPrompts(): Promise<Prompt[]> {
    return (await this.prompts.get(this.source.list())).publicPrompts;
  }

  async getPrompt(name: string, args?: Record<string, string>, opts: ForwardOptions = {}): Promise<GetPromptResult> {
    const owner = (await this.prompts.get(this.source.list())).byName.get(name);
    if (!owner) throw routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, `Unknown prompt: ${name}`);
    const up = this.upstream(owner.serverId);
    try {
      return await this.send(up.id, 'prompts/get', opts, (u) =>
        u.client.request(
          { method: 'prompts/get', params: { name: owner.originalName, ...(args ? { arguments: args } : {}) } },
          GetPromptResultSchema,
          requestOptions(u, opts, this.redact),
        ),
      );
    } catch (err) {
      throw upstreamError(up.id, err, opts.signal, this.redact);
    }
  }

  async complete(params: CompleteRequest['params'], opts: ForwardOptions = {}): Promise<CompleteResult> {
    const routed = await this.routeCompletion(params);
    const up = this.upstream(routed.serverId);
    if (!up.client.getServerCapabilities()?.completions) return { completion: { values: [], hasMore: false } };
    try {
      return await this.send(up.id, 'completion/complete', opts, (u) =>
        u.client.complete({ ...params, ref: routed.ref }, requestOptions(u, opts, this.redact)),
      );
    } catch (err) {
      throw upstreamError(up.id, err, opts.signal, this.redact);
    }
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
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean } {
    const caps = this.source.list().map((u) => u.client.getServerCapabilities() ?? {});
    return {
      logging: caps.some((c) => c.logging !== undefined),
      subscribe: caps.some((c) => c.resources?.subscribe === true),
      completions: caps.some((c) => c.completions !== undefined),
    };
  }

  async routeCompletion(params: CompleteRequest['params']) {
    const ref = params.ref;
    if (ref.type === 'ref/prompt') {
      const owner = (await this.prompts.get(this.source.list())).byName.get(ref.name);
      if (!owner) throw routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, `Unknown prompt: ${ref.name}`);
      return { serverId: owner.serverId, ref: { ...ref, name: owner.originalName } };
    }
    const ups = this.source.list();
    const route = routeTemplateUri(
      await this.resources.get(ups),
      ref.uri,
      ups.map((u) => u.id),
    );
    if (!route) throw routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, `Unknown resource: ${ref.uri}`);
    return { serverId: route.serverId, ref: { ...ref, uri: route.uri } };
  }
}
