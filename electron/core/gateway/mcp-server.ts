// The per-session MCP server: a low-level SDK Server whose request handlers are one generic
// registration over the forwarding pipeline's method table (forward.ts). One Server per
// downstream session because an SDK Server owns one transport; it keeps initialize, ping,
// notifications and requests that reach it through the SDK transport (SSE POSTs).
import { Server, type ServerContext } from '../sdk/server.js';
import type { ServerCapabilities } from '../sdk/types.js';
import { AS_IS } from '../sdk/validation.js';
import type { Caller } from '../metrics/audit-log.js';
import type { Pipeline } from './forward.js';
import { PARAM_SPECS } from './forward-params.js';
import type { ForwardContext } from './view.js';
import type { GatewayView } from './view.js';
import { advertisedCapabilities } from './advertised.js';
import { advertiseCapabilities } from '../sdk/internals.js';
import { sharedSchemaValidator } from '../runtime/schema-validator.js';

export interface ServerInfo {
  name: string;
  version: string;
}

/** The pipeline's context for a request the SDK Server is handling: its signal and way back are the handler's `ctx`. */
function contextOf(server: Server, view: GatewayView, ctx: ServerContext, caller: Caller | undefined): ForwardContext {
  return {
    view,
    signal: ctx.mcpReq.signal,
    session: server,
    link: {
      server,
      sendRequest: (r, schema, o) => ctx.mcpReq.send(r as never, schema, o) as Promise<never>,
      sendNotification: (n) => ctx.mcpReq.notify(n),
    },
    ...(caller && { caller }),
  };
}

const ALL_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { listChanged: true, subscribe: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/** `view` is the full view or a profile's filtered one (see view.ts); `caller` is who opened the session. */
export function createMcpServer(pipeline: Pipeline, view: GatewayView, info: ServerInfo, caller?: Caller): Server {
  // Registered with every capability so the SDK accepts our handlers for all of them.
  // One shared validator (runtime/schema-validator.ts), not an Ajv per downstream session.
  const server = new Server(info, { capabilities: ALL_CAPABILITIES, jsonSchemaValidator: sharedSchemaValidator() });
  advertiseCapabilities(server, () => advertisedCapabilities(view));
  server.oninitialized = () => view.peers.register(server, view);
  // Registered with a pass-through params schema, so the SDK leaves the params check to the pipeline's parse step,
  // which the JSON entry runs too: a bad request gets the same answer on both entries (forward-params.ts). The SDK
  // hands the handler a copy of the params as sent, {} when absent.
  for (const method of Object.keys(PARAM_SPECS)) {
    server.setRequestHandler(
      method,
      { params: AS_IS },
      (params, ctx: ServerContext) => pipeline.forward({ method, params }, contextOf(server, view, ctx, caller)) as never,
    );
  }
  server.setNotificationHandler('notifications/roots/list_changed', () => view.peers.rootsChanged());
  return server;
}
