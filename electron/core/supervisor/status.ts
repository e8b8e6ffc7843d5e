// Builds the public ServerStatus from a server's internal fields, and wording for exits.
import type { ExitInfo, ServerConfig, ServerState, ServerStatus } from '../../../shared/types.js';
import type { LatencySummary } from '../metrics/latency.js';
import type { SandboxDecision } from './sandbox.js';

export interface StatusFields {
  state: ServerState;
  pid: number | null;
  startedAt: number | null;
  restarts: number;
  lastError: string | null;
  lastExit: ExitInfo | null;
  nextRestartAt: number | null;
  presence: Record<string, boolean>;
  missingEnv: string[];
  envWarning?: string;
  toolCount: number;
  /** OAuth for remote servers (issue 21 item 6): why a sign-in is needed (state "needs-sign-in"). */
  signInReason?: string;
  /** The protocol version the running child negotiated (issue 21). */
  protocolVersion?: string;
}

export function buildStatus(
  c: ServerConfig,
  f: StatusFields,
  m: LatencySummary,
  now: number,
  sandbox: SandboxDecision = { sandboxed: false },
): ServerStatus {
  const requiredEnv: Record<string, boolean> = {};
  for (const name of c.requiredEnv) requiredEnv[name] = f.presence[name] ?? false;
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    transport: c.transport,
    enabled: c.enabled,
    state: f.state,
    pid: f.pid,
    startedAt: f.startedAt,
    uptimeMs: f.startedAt === null ? 0 : Math.max(0, now - f.startedAt),
    restarts: f.restarts,
    lastError: f.lastError,
    lastExit: f.lastExit ? { ...f.lastExit } : null,
    nextRestartAt: f.nextRestartAt,
    requiredEnv,
    missingEnv: [...f.missingEnv],
    ...(f.envWarning ? { envWarning: f.envWarning } : {}),
    toolCount: f.toolCount,
    calls: m.calls,
    probes: m.probes,
    errors: m.errors,
    latencyP50Ms: m.p50,
    latencyP95Ms: m.p95,
    sandboxed: sandbox.sandboxed,
    ...(sandbox.reason ? { sandboxReason: sandbox.reason } : {}),
    ...(f.signInReason ? { signInReason: f.signInReason } : {}),
    ...(f.protocolVersion ? { protocolVersion: f.protocolVersion } : {}),
  };
}

export function describeExit(e: ExitInfo): string {
  const how = e.signal ? `signal ${e.signal}` : e.code !== null ? `code ${e.code}` : '';
  const head = `${e.reason}${how ? ` (${how})` : ''}`;
  return e.message ? `${head}: ${e.message}` : head;
}

/** env.clock marks of one start: entry, just before spawning, initialize done. */
export interface StartTimes {
  begin: number;
  t0: number;
  connected: number;
}

/**
 * Where a start's time went, for the log: before spawn (env/PATH lookup, other children's spawns),
 * spawn (synchronous: blocks the event loop), child boot + initialize, tools/list.
 */
export function describeStart(spawnMs: number | null, t: StartTimes, now: number): string {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const spawn = spawnMs === null ? '' : `spawn ${ms(spawnMs)}, `;
  const boot = t.connected - t.t0 - (spawnMs ?? 0);
  return `ready in ${ms(now - t.begin)} (before spawn ${ms(t.t0 - t.begin)}, ${spawn}boot+initialize ${ms(boot)}, tools/list ${ms(now - t.connected)})`;
}
