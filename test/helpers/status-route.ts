// GET /status for the client tests' stand-in gateways (kept apart from status.ts, which the renderer
// tests import and which must not pull in the core).
import type { ToolInfo } from '../../shared/types.js';
import { vendorStatus } from '../../electron/core/core-status.js';
import type { HttpRoute } from '../../electron/core/gateway/gateway.js';
import type { Router } from '../../electron/core/router/router.js';
import { statusRoute } from '../../electron/core/status-route.js';
import { orchestratorStatus, serverStatus } from './status.js';

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
