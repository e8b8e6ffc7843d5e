// The agent chat service over the control core's ports: the router as the model, the gateway's
// catalog for tools, step updates pushed as `agentStep` events (core.emit redacts every push).
import { AgentService } from '../agent/agent-service.js';
import { toAppError } from '../wire/errors.js';
import type { ControlCore } from './control-core.js';

export function createAgent(core: ControlCore): AgentService {
  return new AgentService({
    chat: (req, opts) => core.assistant().chat(req, opts),
    listTools: () => core.mcp().listTools(),
    profileTools: (name) => core.profileTools(name),
    // MCP errors read as our codes and messages ("[memory] ..."), as the Tools page shows them.
    callTool: (name, args, opts) =>
      core
        .mcp()
        .callTool(name, args, opts)
        .catch((e: unknown) => Promise.reject(toAppError(e))),
    onStep: (requestId, step) => core.emit('agentStep', { requestId, step }),
    clock: core.env.clock,
  });
}
