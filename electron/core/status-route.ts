// GET /status on the gateway's own server, behind the admin token (a client token gets 403): what the client
// library's getStatus() and getCapabilities() report (per-server state, pid, uptime, restarts,
// last error, tools, latency; which servers serve each router tool). Mounted by the core itself,
// so the desktop app (no HTTP control API) answers it too.
import type { OrchestratorStatus, StatusReport, ToolInfo } from '../../shared/types.js';
import { sendJson } from './gateway/http-guard.js';
import type { HttpRoute } from './gateway/gateway.js';
import { ROUTER_TOOL_CAPABILITY } from './router/router-server.js';

const STATUS_PATH = '/status';

export interface StatusSource {
  /** Already redacted (the core's one snapshot per change). */
  status(): OrchestratorStatus;
  /** Every tool with its server (disabled ones included); null before start. */
  tools(): Promise<ToolInfo[]> | null;
  redact<T>(value: T): T;
}

function buildStatusReport(status: OrchestratorStatus, tools: Pick<ToolInfo, 'serverId' | 'name' | 'enabled'>[]): StatusReport {
  const routing = status.routing ?? { strategy: 'priority', vendors: [] };
  const capabilities: Record<string, string[]> = {};
  for (const [tool, cap] of Object.entries(ROUTER_TOOL_CAPABILITY)) {
    capabilities[tool] = routing.vendors.filter((v) => v.capabilities.includes(cap)).map((v) => v.vendor);
  }
  return {
    startedAt: status.startedAt,
    uptimeMs: status.uptimeMs,
    servers: status.servers.map((s) => ({
      id: s.id,
      name: s.name,
      state: s.state,
      pid: s.pid,
      uptimeMs: s.uptimeMs,
      restarts: s.restarts,
      lastError: s.lastError,
      tools: tools.filter((t) => t.serverId === s.id && t.enabled).map((t) => t.name),
      calls: s.calls,
      errors: s.errors,
      latencyP50Ms: s.latencyP50Ms,
      latencyP95Ms: s.latencyP95Ms,
    })),
    capabilities,
    routing,
  };
}

export function statusRoute(src: StatusSource): HttpRoute {
  return {
    prefix: STATUS_PATH,
    auth: true,
    async handle(req, res) {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== STATUS_PATH) return sendJson(res, 404, { error: 'not found' });
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
      // Only the tool names are new here: the status itself left the redactor once already.
      const tools = src.redact(((await src.tools()) ?? []).map(({ serverId, name, enabled }) => ({ serverId, name, enabled })));
      sendJson(res, 200, buildStatusReport(src.status(), tools));
    },
  };
}
