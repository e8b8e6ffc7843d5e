// Status objects for tests of what renders them (tray, UI store, client library): defaults of a stopped server.
import type { OrchestratorStatus, ServerStatus, ToolInfo } from '../../shared/types.js';
import { vendorStatus } from '../../electron/core/core-status.js';
import type { HttpRoute } from '../../electron/core/gateway/gateway.js';
import type { Router } from '../../electron/core/router/router.js';
import { statusRoute } from '../../electron/core/status-route.js';

export function serverStatus(id: string, patch: Partial<ServerStatus> = {}): ServerStatus {
  return {
    id,
    name: id,
    description: '',
    transport: 'stdio',
    enabled: true,
    state: 'stopped',
    pid: null,
    startedAt: null,
    uptimeMs: 0,
    restarts: 0,
    lastError: null,
    lastExit: null,
    nextRestartAt: null,
    requiredEnv: {},
    missingEnv: [],
    toolCount: 0,
    calls: 0,
    errors: 0,
    latencyP50Ms: null,
    latencyP95Ms: null,
    ...patch,
  };
}

export function orchestratorStatus(servers: ServerStatus[]): OrchestratorStatus {
  return {
    servers,
    totals: {
      servers: servers.length,
      running: servers.filter((s) => s.state === 'running').length,
      tools: servers.reduce((n, s) => n + s.toolCount, 0),
      calls: 0,
      errors: 0,
    },
    gateway: { url: 'http://127.0.0.1:1/mcp', port: 1 },
    secretStore: 'keychain',
    configPath: '/tmp/config.json',
    startedAt: 0,
    uptimeMs: 0,
  };
}

/** GET /status for stand-in gateways: the router's vendors as status shows them, each vendor a running server. */
export function routerStatusRoute(router: Router, tools: () => Promise<ToolInfo[]> = async () => []): HttpRoute {
  return statusRoute({
    status: () => {
      const vendors = router.vendors().map(vendorStatus);
      const servers = vendors.map((v) => serverStatus(v.vendor, { state: 'running' }));
      return { ...orchestratorStatus(servers), routing: { strategy: 'priority', vendors } };
    },
    tools,
    redact: (v) => v,
  });
}
