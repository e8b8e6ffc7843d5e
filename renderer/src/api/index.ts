// Picks the transport at start: IPC inside Electron (the preload defined the bridge),
// otherwise HTTP to the origin that served this page.
import { createHttpClient } from './http-transport.js';
import { createIpcClient } from './ipc-transport.js';
import type { OrchestratorBridge } from './ipc-transport.js';
import { takeToken } from './token.js';
import type { TransportClient } from './build-client.js';

export type { TransportClient } from './build-client.js';
declare global {
  interface Window {
    mcpOrchestrator?: OrchestratorBridge;
  }
}

export function createClient(): TransportClient {
  if (window.mcpOrchestrator) return createIpcClient(window.mcpOrchestrator);
  return createHttpClient({
    baseUrl: '',
    token: takeToken() ?? '',
    fetch: (input, init) => window.fetch(input, init),
    // A restarted orchestrator is found within 5 s; retries to a closed loopback port are cheap.
    backoff: { initialMs: 500, maxMs: 5_000 },
  });
}
