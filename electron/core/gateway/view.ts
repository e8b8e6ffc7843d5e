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
  McpError,
  Progress,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '../sdk/types.js';
import type { ApprovalDecision } from '../../../shared/types.js';
import type { Caller } from '../metrics/audit-log.js';
import type { DownstreamLink, PeerBridge } from './peer-bridge.js';

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
   * knows there, or the refusal the client gets. `signal` bounds a wait for a restarting child.
   */
  route(kind: RouteKind, name: string, signal?: AbortSignal): Promise<Routed>;
  subscribe(server: Server, uri: string): Promise<void>;
  unsubscribe(server: Server, uri: string): Promise<void>;
  childCapabilities(): { logging: boolean; subscribe: boolean; completions: boolean };
  /** Whether this view serves that child, so its sessions hear that child's notifications. */
  allowsServer(serverId: string): boolean | Promise<boolean>;
}

/** One client request as the pipeline takes it: the method and its params, as sent (unparsed). */
export interface ForwardRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** The session a request belongs to, for what outlives one request (log level, subscriptions). */
type SessionHandle = Parameters<GatewayView['subscribe']>[0];

/** Everything about one request that is not its params. */
export interface ForwardContext {
  /** The view the session sees: the full set (/mcp) or a profile (/mcp/<name>). */
  view: GatewayView;
  /** Aborting it cancels the upstream request (the SDK sends notifications/cancelled to the child). */
  signal?: AbortSignal;
  /** The way back to this request's client: the child's requests (sampling, ...) and progress. */
  link?: DownstreamLink;
  /** The client's progress token; read from params._meta when absent. Progress goes out on `link`. */
  progressToken?: string | number;
  /** Request _meta to pass upstream (never the progress token); read from params._meta when absent. */
  meta?: Record<string, unknown>;
  /** In-process callers without a link (control API): upstream progress, redacted. */
  onProgress?: (progress: Progress) => void;
  /** Who is calling, for approval and the audit log; the admin when absent. */
  caller?: Caller;
  /** The admin user acting through the control API: no approval is asked. */
  byUser?: boolean;
  /** The long-lived session (an SDK session's Server); fronts without one cannot set levels or subscribe. */
  session?: SessionHandle;
}

/** What a view routes: a tool or prompt name, a resource URI, or a URI template (completion refs). */
export type RouteKind = 'tool' | 'prompt' | 'resource' | 'template';

/** A name served by a child: its server and the name (or URI) that child knows. */
export interface UpstreamRoute {
  serverId: string;
  originalName: string;
}

/** A tool the view answers itself (a discovery profile's meta-tools); `ctx` goes on to nested calls. */
interface LocalRoute {
  local: (args: Record<string, unknown>, ctx: ForwardContext) => Promise<Record<string, unknown>>;
}

/** The view's refusal, worded for the client (unknown, disabled, outside the profile, quarantined). */
export interface Refusal {
  refusal: McpError;
}

export type Routed = UpstreamRoute | LocalRoute | Refusal;

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
  /** Set by a hook that waited (approval) once the wait is over, so latency is the call's own. */
  sentAt?: number;
}

/**
 * A policy step around the send. `around` runs before the child sees the call (it may throw a
 * refusal: nothing is sent) and sees its outcome; it must call `next` at most once.
 */
export interface ForwardHook {
  readonly name: string;
  /** Only these methods pay for the hook. */
  readonly methods: readonly string[];
  around<T>(call: HookCall, next: () => Promise<T>): Promise<T>;
}

/** The in-process callers' options (control API, tests): a ForwardContext without the view, which is the callee. */
export type ForwardOptions = Omit<ForwardContext, 'view'>;
