// The per-session MCP server: a low-level SDK Server whose handlers delegate to the shared
// Aggregator. One Server per downstream session because an SDK Server owns one transport.
import { Server } from '../sdk/server.js';
import type { RequestHandlerExtra } from '../sdk/shared.js';
import {
  CallToolRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type RequestMeta,
} from '../sdk/types.js';
import type { ForwardOptions } from './aggregator.js';
import type { Caller } from '../metrics/audit-log.js';
import type { DownstreamLink } from './peer-bridge.js';
import type { GatewayView } from './view.js';
import { advertiseCapabilities } from '../sdk/internals.js';
import { sharedSchemaValidator } from '../runtime/schema-validator.js';

export interface ServerInfo {
  name: string;
  version: string;
}

type HandlerExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Runs one routed request with the downstream request's abort signal and, when the client
 * asked for progress, a forwarder that re-labels upstream progress with the client's own
 * token. Progress sends are awaited before the result so the last one is not lost when the
 * response closes the request's stream.
 */
async function forwarded<T>(
  server: Server,
  meta: RequestMeta | undefined,
  extra: HandlerExtra,
  run: (opts: ForwardOptions) => Promise<T>,
  caller?: Caller,
): Promise<T> {
  const { progressToken, ...rest } = meta ?? {};
  const link: DownstreamLink = {
    server,
    sendRequest: (r, schema, o) => extra.sendRequest(r as ServerRequest, schema, o),
    sendNotification: (n) => extra.sendNotification(n as ServerNotification),
  };
  const opts: ForwardOptions = { signal: extra.signal, link, ...(caller && { caller }) };
  if (Object.keys(rest).length > 0) opts.meta = rest;
  const sends: Promise<void>[] = [];
  if (progressToken !== undefined) {
    opts.onProgress = (p) => {
      const params = { progress: p.progress, total: p.total, message: p.message, progressToken };
      sends.push(extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined));
    };
  }
  const result = await run(opts);
  await Promise.all(sends);
  return result;
}

const ALL_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { listChanged: true, subscribe: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/**
 * What the gateway advertises at initialize: only what the connected children can serve
 * (logging, resources.subscribe, completions). Handlers for all of it are always registered,
 * so a child that joins later still works for clients that do not rely on the advertisement.
 */
function advertised(aggregator: GatewayView): ServerCapabilities {
  const can = aggregator.childCapabilities();
  const caps: ServerCapabilities = {
    tools: { listChanged: true },
    resources: { listChanged: true, ...(can.subscribe ? { subscribe: true } : {}) },
    prompts: { listChanged: true },
  };
  if (can.completions) caps.completions = {};
  if (can.logging) caps.logging = {};
  return caps;
}

/** `aggregator` is the full view or a profile's filtered one (see view.ts); `caller` is who opened the session. */
export function createMcpServer(aggregator: GatewayView, info: ServerInfo, caller?: Caller): Server {
  // Registered with every capability so the SDK accepts our handlers for all of them.
  // One shared validator (runtime/schema-validator.ts), not an Ajv per downstream session.
  const server = new Server(info, { capabilities: ALL_CAPABILITIES, jsonSchemaValidator: sharedSchemaValidator() });
  advertiseCapabilities(server, () => advertised(aggregator));
  server.oninitialized = () => aggregator.peers.register(server, aggregator);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await aggregator.listPublicTools() }));
  server.setRequestHandler(CallToolRequestSchema, (req, extra) =>
    forwarded(server, req.params._meta, extra, (o) => aggregator.callTool(req.params.name, req.params.arguments ?? {}, o), caller),
  );
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await aggregator.listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: await aggregator.listResourceTemplates(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (req, extra) =>
    forwarded(server, req.params._meta, extra, (o) => aggregator.readResource(req.params.uri, o)),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await aggregator.listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, (req, extra) =>
    forwarded(server, req.params._meta, extra, (o) => aggregator.getPrompt(req.params.name, req.params.arguments, o)),
  );
  server.setRequestHandler(CompleteRequestSchema, (req, extra) =>
    forwarded(server, req.params._meta, extra, (o) => aggregator.complete(req.params, o)),
  );
  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    await aggregator.peers.setLevel(server, req.params.level, aggregator);
    return {};
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    await aggregator.subscribe(server, req.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    await aggregator.unsubscribe(server, req.params.uri);
    return {};
  });
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => aggregator.peers.rootsChanged());
  return server;
}
