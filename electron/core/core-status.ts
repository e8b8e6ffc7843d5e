// The orchestrator's status as the UI and tray see it, and when it is pushed: a burst of child
// changes becomes one push per tick, call figures at most one push per METRICS_PUSH_MS. It is
// built and redacted once per change (StatusSnapshot), and every reader shares that one copy.
import type { Clock, Timers } from './env.js';
import { debounce, type Debouncer } from '../../shared/debounce.js';
import type { OrchestratorStatus, ProfileSummary, ServerStatus, VendorStatus } from '../../shared/types.js';

const METRICS_PUSH_MS = 500;
/**
 * How long a read between changes may reuse the last snapshot. Some of what status shows moves with
 * time alone and has no change signal (uptime, a breaker's cool-down, a vendor's tools found in the
 * background), so a reader polling a quiet core still sees it within this bound.
 */
export const STATUS_READ_MAX_AGE_MS = 1000;

export interface StatusSources {
  servers: ServerStatus[];
  /** Renames a server's tools got from name collisions. */
  nameCollisions: (serverId: string) => string[];
  /** Issue 22: changes awaiting review, and whether an imported server still waits for approval. */
  pins?: (serverId: string) => { pending: number; awaitingApproval: boolean };
  listRevision: number;
  endpoint: { url: string; port: number } | null;
  /** Present only when profiles are configured. */
  profiles?: ProfileSummary[];
  /** The router's per-vendor figures; absent before start. */
  routing?: OrchestratorStatus['routing'];
  secretStoreUnavailable: boolean;
  configPath: string;
  /** Settings changed in the file that only a restart applies (config/settings-change.ts). */
  needsRestart?: string[];
  startedAt: number;
  now: number;
}

export function buildStatus(src: StatusSources): OrchestratorStatus {
  const servers = src.servers.map((s) => {
    const nameCollisions = src.nameCollisions(s.id);
    const pins = src.pins?.(s.id);
    return {
      ...s,
      ...(nameCollisions.length > 0 ? { nameCollisions } : {}),
      ...(pins?.pending ? { pinChanges: pins.pending } : {}),
      ...(pins?.awaitingApproval ? { awaitingApproval: true as const } : {}),
    };
  });
  // Only servers that serve can offer tools: a stopped server's last count is history.
  const serving = servers.filter((s) => s.state === 'running' || s.state === 'degraded');
  return {
    servers,
    totals: {
      servers: servers.length,
      running: serving.length,
      tools: serving.reduce((n, s) => n + s.toolCount, 0),
      calls: servers.reduce((n, s) => n + s.calls, 0),
      errors: servers.reduce((n, s) => n + s.errors, 0),
      probes: servers.reduce((n, s) => n + (s.probes ?? 0), 0),
    },
    listRevision: src.listRevision,
    gateway: src.endpoint,
    ...(src.profiles ? { profiles: src.profiles } : {}),
    ...(src.routing ? { routing: src.routing } : {}),
    secretStore: src.secretStoreUnavailable ? 'unavailable' : 'keychain',
    configPath: src.configPath,
    ...(src.needsRestart?.length ? { needsRestart: src.needsRestart } : {}),
    startedAt: src.startedAt,
    uptimeMs: src.now - src.startedAt,
  };
}

/** The shared part of the router's vendor health (its internals, like the tool cache, stay in). */
export function vendorStatus(v: VendorStatus): VendorStatus {
  return {
    vendor: v.vendor,
    capabilities: [...v.capabilities],
    breaker: v.breaker,
    inflight: v.inflight,
    calls: v.calls,
    errors: v.errors,
    latencyP50Ms: v.latencyP50Ms,
    latencyP95Ms: v.latencyP95Ms,
    setAsideUntil: v.setAsideUntil,
  };
}

/** Calls `push` once per burst of `queue()` calls, and after `queueMetrics()` at most every METRICS_PUSH_MS. */
export class StatusPush {
  private queued = false;
  private metrics: Debouncer | undefined;

  constructor(
    private readonly push: () => void,
    /** Read when a push is throttled: the core's env is set after this is built. */
    private readonly timers: () => Timers,
  ) {}

  queue(): void {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.push();
    });
  }

  queueMetrics(): void {
    this.metrics ??= debounce(this.timers(), METRICS_PUSH_MS, () => this.queue(), { mode: 'coalesce', unref: true });
    this.metrics.trigger();
  }
}

/**
 * The redacted status, built and redacted once per change: the status push, the control API's
 * getStatus, GET /status, a new event stream's first event and the tray all read this one object
 * (read-only: it is shared). invalidate() on every change; a read after one builds anew.
 */
export class StatusSnapshot {
  private last: { status: OrchestratorStatus; at: number } | undefined;

  constructor(
    private readonly build: () => OrchestratorStatus,
    private readonly redact: (status: OrchestratorStatus) => OrchestratorStatus,
    /** Read at each get(): the core's env is set after this is built. */
    private readonly clock: () => Clock,
  ) {}

  /** Something the status shows changed: the next read builds it again. */
  invalidate(): void {
    this.last = undefined;
  }

  get(): OrchestratorStatus {
    const now = this.clock().now();
    if (this.last && now - this.last.at < STATUS_READ_MAX_AGE_MS) return this.last.status;
    const status = this.redact(this.build());
    this.last = { status, at: now };
    return status;
  }
}
