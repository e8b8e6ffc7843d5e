// What a session sees: the Aggregator (the full set at /mcp) or a profile's filtered view of it
// (/mcp/<name>). The pipeline (forward.ts) lists from it and asks it route(): the one place that
// decides which child serves a public name, and refuses what the view does not serve. The
// pipeline's vocabulary lives here too (forward.ts re-exports it): what a front hands in, where a
// view routes a name, what a policy hook sees. Transport-neutral on purpose: an SDK session and
// the stateless 2026 front build the same ForwardContext, so nothing here names an SDK session type.
import type { Server } from '../sdk/server.js';
import type {
  CallToolResult,
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '../sdk/types.js';
import type { ApprovalDecision } from '../../../shared/types.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import type { RouteKind, Routed } from '../wire/route.js';
import type { PeerBridge } from './peer-bridge.js';

export interface GatewayView {
  readonly peers: PeerBridge;
  /** The profile's name; absent on the full view (/mcp). */
  readonly name?: string;
  listPublicTools(): Promise<Tool[]>;
  listResources(): Promise<Resource[]>;
  listResourceTemplates(): Promise<ResourceTemplate[]>;
  listPrompts(): Promise<Prompt[]>;
  // In-process entries into the pipeline (forward.ts), for callers that hold a view but not the pipeline
  // (the control API, the 2026 front's dispatch): each is one forward() with this view.
  callTool(name: string, args?: Record<string, unknown>, opts?: ForwardOptions): Promise<CallToolResult>;
  readResource(uri: string, opts?: ForwardOptions): Promise<ReadResourceResult>;
  getPrompt(name: string, args?: Record<string, string>, opts?: ForwardOptions): Promise<GetPromptResult>;
  complete(params: CompleteRequest['params'], opts?: ForwardOptions): Promise<CompleteResult>;
  /**
   * Which child serves this public name (tool, prompt, resource URI or template URI) and the name it
   * knows there, or the refusal the client gets. `cancel.signal`, read only then, bounds a wait for a restarting child.
   */
  route(kind: RouteKind, name: string, cancel?: { readonly signal?: AbortSignal }): Routed | Promise<Routed>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean; tasks?: boolean };
  /** Whether this view serves that child, so its sessions hear that child's notifications. */
  allowsServer(serverId: string): boolean | Promise<boolean>;
}

/** Everything about one request that is not its params: the options and the view the session sees. */
export interface ForwardContext extends ForwardOptions {
  /** The view the session sees: the full set (/mcp) or a profile (/mcp/<name>). */
  view: GatewayView;
}

/** What a policy hook sees of one call that is about to go to a child. */
export interface HookCall {
  method: string;
  serverId: string;
  originalName: string;
  /** The name (or URI) the client used. */
  publicName: string;
  args: unknown;
  ctx: ForwardContext;
  /** Set by the approval hook: how the call was decided. */
  approval?: ApprovalDecision;
  /** When the hooks began (the pipeline's clock). */
  startedAt: number;
  /** When the call went to the child, every `before` done (a wait for approval is not the call's own latency); unset if it never went. */
  sentAt?: number;
}

/**
 * A policy step around the send, as a pair. `before`s run in list order before the child sees the call: one may
 * throw a refusal (nothing is sent) or return a promise to wait (approval). `after`s run in reverse order with the
 * outcome, synchronously: each hook whose `before` ran (or that has none, and stands before the one that threw) sees
 * it, a later hook's refusal included, so an outer hook sees everything an inner one decided. Between them the
 * pipeline keeps no async frame per hook: under load each hook's own `around` frame had been a measurable share
 * of every call's garbage.
 */
export interface ForwardHook {
  readonly name: string;
  /** Only these methods pay for the hook. */
  readonly methods: readonly string[];
  before?(call: HookCall): void | Promise<void>;
  /** `failed`: `outcome` is the error thrown (by the child, the send, or a later hook's `before`); else the result. */
  after?(call: HookCall, failed: boolean, outcome: unknown): void;
}

export type { ForwardOptions } from '../wire/forward-options.js';
export type { ForwardRequest, RouteKind, Routed, UpstreamRoute } from '../wire/route.js';
