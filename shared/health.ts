// A child's own report that it is up but cannot do its job yet (e.g. local_llama with no model
// server to talk to). Sent as an MCP logging notification so no custom protocol is needed:
// notifications/message { logger: SELF_HEALTH_LOGGER, data: { degraded: true, reason } }.
export const SELF_HEALTH_LOGGER = 'mcp-orchestrator/health';

export interface SelfHealth {
  degraded: boolean;
  reason?: string;
}

/** The report carried by a logging notification, or null if it is an ordinary log line. */
export function readSelfHealth(params: { logger?: string; data?: unknown }): SelfHealth | null {
  if (params.logger !== SELF_HEALTH_LOGGER || typeof params.data !== 'object' || params.data === null) return null;
  const d = params.data as { degraded?: unknown; reason?: unknown };
  if (typeof d.degraded !== 'boolean') return null;
  return { degraded: d.degraded, ...(typeof d.reason === 'string' ? { reason: d.reason.slice(0, 500) } : {}) };
}
