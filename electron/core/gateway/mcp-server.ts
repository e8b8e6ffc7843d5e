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
 * Runs one routed request with the downstream request's abort signal and, when the client
 * asked for progress, a forwarder that re-labels upstream progress with the client's own
 * token. Progress sends are awaited before the result so the last one is not lost when the
 * response closes the request's stream.
 */
async function forwarded<T>(meta: RequestMeta | undefined, extra: HandlerExtra, run: (opts: CallOptions) => Promise<T>): Promise<T> {
  const { progressToken, ...rest } = meta ?? {};
  const opts: CallOptions = { signal: extra.signal };
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
    forwarded(req.params._meta, extra, (o) => aggregator.callTool(req.params.name, req.params.arguments ?? {}, o)),
  );
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await aggregator.listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: await aggregator.listResourceTemplates(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (req, extra) =>
    forwarded(req.params._meta, extra, (o) => aggregator.readResource(req.params.uri, o)),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await aggregator.listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, (req, extra) =>
    forwarded(req.params._meta, extra, (o) => aggregator.getPrompt(req.params.name, req.params.arguments, o)),
  );
  server.setRequestHandler(CompleteRequestSchema, (req, extra) =>
    forwarded(req.params._meta, extra, (o) => aggregator.complete(req.params, o)),
  );
  return server;
}
