// The core for embedding (`import { createCore } from 'mcp-orchestrator/core'`): the supervisor,
// router and gateway without the CLI or Electron. Build the control API with createControlApi
// when a UI or another program should drive it the way the app does.
export { createCore, MCPOrchestrator, type Capabilities, type CoreOptions } from './create-core.js';
export { createControlApi } from './control/control-api.js';
export { MemorySecretStore, type SecretStore } from './secrets/secret-store.js';
export { createStreamLogger, silentLogger, systemClock, type Clock, type CoreEnv, type Logger } from './env.js';
export type { ControlApi, ControlEvents } from '../../shared/contract.js';
export type { OrchestratorStatus, ToolInfo } from '../../shared/types.js';
