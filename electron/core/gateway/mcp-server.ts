// The per-session MCP server: a low-level SDK Server whose handlers delegate to the shared
// Aggregator. One Server per downstream session because an SDK Server owns one transport.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type Progress,
  type RequestMeta,
} from '@modelcontextprotocol/sdk/types.js';
import type { Aggregator, CallOptions } from './aggregator.js';

export interface ServerInfo {
  name: string;
  version: string;
}

interface HandlerExtra {
  signal: AbortSignal;
  sendNotification: (n: { method: 'notifications/progress'; params: Progress & { progressToken: string | number } }) => Promise<void>;
}

/**
 * Upstream options for one downstream request: its abort signal, and, when the client asked
 * for progress, a forwarder that re-labels upstream progress with the client's own token.
 */
function forwardOptions(meta: RequestMeta | undefined, extra: HandlerExtra): CallOptions {
  const { progressToken, ...rest } = meta ?? {};
  const opts: CallOptions = { signal: extra.signal };
  if (Object.keys(rest).length > 0) opts.meta = rest;
  if (progressToken !== undefined) {
    opts.onProgress = (p) => {
      const params = { progress: p.progress, total: p.total, message: p.message, progressToken };
      extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined);
    };
  }
  return opts;
}

export function createMcpServer(aggregator: Aggregator, info: ServerInfo): Server {
  const server = new Server(info, {
    capabilities: {
      tools: { listChanged: true },
      resources: { listChanged: true },
      prompts: { listChanged: true },
      completions: {},
    },
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await aggregator.listPublicTools() }));
  server.setRequestHandler(CallToolRequestSchema, (req, extra) =>
    aggregator.callTool(req.params.name, req.params.arguments ?? {}, forwardOptions(req.params._meta, extra)),
  );
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await aggregator.listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: await aggregator.listResourceTemplates(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (req, extra) =>
    aggregator.readResource(req.params.uri, forwardOptions(req.params._meta, extra)),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await aggregator.listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, (req, extra) =>
    aggregator.getPrompt(req.params.name, req.params.arguments, forwardOptions(req.params._meta, extra)),
  );
  server.setRequestHandler(CompleteRequestSchema, (req, extra) => aggregator.complete(req.params, forwardOptions(req.params._meta, extra)));
  return server;
}
