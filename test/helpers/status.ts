// Status objects for tests of what renders them (tray, UI store): defaults of a stopped server.
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';

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
