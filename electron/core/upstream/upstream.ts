// What the gateway and the router need from the supervisor: connected SDK clients of
// running servers, and a signal when any server's lists may have changed.
import type { Client } from '../sdk/client.js';
import type { LoggingMessageNotification } from '../sdk/types.js';
import type { PinningMode } from '../../../shared/types.js';

export type ListKind = 'tools' | 'resources' | 'prompts';

export interface Upstream {
  id: string;
  client: Client;
  /** Tool names (the child's own) hidden from clients. */
  disabledTools: ReadonlySet<string>;
  /** Namespace prefix; null for the orchestrator's own tools, which are served un-prefixed. */
  namespace: string | null;
  /** Public-name prefix for tools and prompts (`tool_prefix`); undefined means `<namespace>__`. */
  prefix?: string;
  /** Per-call timeout in ms. */
  timeoutMs: number;
  /** Issue 22: how changed definitions are treated (trust/pins.ts); absent is off (the orchestrator's own tools). */
  pinning?: PinningMode;
  /** False while the child reports it cannot serve yet (shared/health.ts); the router skips it. */
  ready?: () => boolean;
  /**
   * Where the child's ordinary log notifications go. A supervised child's client keeps one logging handler
   * (it also reads the child's self-health reports), so the gateway subscribes here instead of replacing it.
   */
  onLogMessage?: (sink: (n: LoggingMessageNotification) => void) => void;
}

export interface UpstreamChange {
  serverId: string;
  kinds: ListKind[];
}

export interface UpstreamSource {
  /** Upstreams that are connected right now, in a stable order. */
  list(): Upstream[];
  get(id: string): Upstream | undefined;
  /** Subscribe to list changes (server started/stopped, child sent list_changed). Returns unsubscribe. */
  onChange(listener: (change: UpstreamChange) => void): () => void;
}

/** Latency and outcome of one routed call, fed to metrics. */
export interface CallRecorder {
  /** `kind` 'probe' marks the orchestrator's own metadata calls (model listings): counted apart from calls. */
  record(serverId: string, ms: number, ok: boolean, kind?: CallKind): void;
}
export type CallKind = 'call' | 'probe';
