// The orchestrator's own gateway tools (chat, embed, search_web, get_weather, list_models),
// served by an in-process SDK McpServer and handed to the gateway as an un-namespaced Upstream.
import { errorMessage } from '../../../shared/errors.js';
import { Client } from '../sdk/client.js';
import { InMemoryTransport } from '../sdk/shared.js';
import { McpServer, type RegisteredTool } from '../sdk/server.js';
import type { CallToolResult } from '../sdk/types.js';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { sharedSchemaValidator } from '../runtime/schema-validator.js';
import type { Upstream, UpstreamSource } from '../upstream/upstream.js';
import type { Router } from './router.js';
import type { Capability } from './types.js';

type Tools = Map<string, RegisteredTool>;

/** Which vendor capability each router tool needs; a tool is listed only while some server offers it. */
export const ROUTER_TOOL_CAPABILITY: Record<string, Capability> = {
  chat: 'chat',
  embed: 'embed',
  search_web: 'search',
  get_weather: 'weather',
  list_models: 'listModels',
};

const vendorArg = z
  .string()
  .optional()
  .describe('Vendor server id, or "auto" (default): the configured routing strategy picks one, and failover tries the others');

function toResult(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

function errorResult(err: unknown): CallToolResult {
  const text = err instanceof AppError ? `${err.code}: ${err.message}` : errorMessage(err);
  return { isError: true, content: [{ type: 'text', text }] };
}

async function run(fn: () => Promise<object>): Promise<CallToolResult> {
  try {
    return toResult(await fn());
  } catch (err) {
    return errorResult(err);
  }
}

function registerChat(server: McpServer, router: Router, tools: Tools): void {
  const tool = server.registerTool(
    'chat',
    {
      title: 'Chat',
      description:
        'Chat with an AI vendor. vendor="auto" lets the routing strategy pick the vendor and fails over to the others on errors.',
      inputSchema: z.object({
        message: z.string().optional().describe('A single user message (or use messages)'),
        messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).optional(),
        vendor: vendorArg,
        model: z.string().optional(),
        temperature: z.number().optional(),
        max_tokens: z.number().int().positive().optional(),
      }),
    },
    async (args, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      let progress = 0;
      const sends: Promise<void>[] = [];
      // Deltas travel as progress notifications only when the caller asked for progress.
      const onDelta =
        token === undefined
          ? undefined
          : (delta: string) => {
              progress++;
              const params = { progressToken: token, progress, message: delta };
              sends.push(ctx.mcpReq.notify({ method: 'notifications/progress', params }).catch(() => undefined));
            };
      const result = await run(() => router.chat(args, { signal: ctx.mcpReq.signal, onDelta }));
      // Every delta is on the wire before the result, so the caller sees them in order.
      await Promise.all(sends);
      return result;
    },
  );
  tools.set('chat', tool);
}

function registerUtilities(server: McpServer, router: Router, tools: Tools): void {
  const add = (name: string, t: RegisteredTool) => tools.set(name, t);
  add(
    'embed',
    server.registerTool(
      'embed',
      {
        title: 'Embeddings',
        description:
          'Embedding vectors for one text or a list of texts (cached); all from one vendor and model, named in the answer with their dimensions.',
        inputSchema: z.object({ text: z.union([z.string(), z.array(z.string()).min(1)]), vendor: vendorArg, model: z.string().optional() }),
      },
      async ({ text, vendor, model }, ctx) => run(() => router.embed(text, vendor, { model, signal: ctx.mcpReq.signal })),
    ),
  );
  add(
    'search_web',
    server.registerTool(
      'search_web',
      {
        title: 'Web search',
        description: 'Search the web.',
        inputSchema: z.object({ query: z.string().min(1), num_results: z.number().int().min(1).max(50).optional() }),
      },
      async ({ query, num_results }) => run(async () => ({ results: await router.searchWeb(query, num_results) })),
    ),
  );
  add(
    'get_weather',
    server.registerTool(
      'get_weather',
      {
        title: 'Weather',
        description: 'Current weather for a location.',
        inputSchema: z.object({ location: z.string().min(1), units: z.enum(['metric', 'imperial']).optional() }),
      },
      async ({ location, units }) => run(() => router.getWeather(location, units)),
    ),
  );
  add(
    'list_models',
    server.registerTool(
      'list_models',
      {
        title: 'List models',
        description: 'Models offered by one vendor, or by every running vendor.',
        inputSchema: z.object({ vendor: z.string().optional() }),
      },
      async ({ vendor }) => run(async () => ({ models: await router.listModels(vendor) })),
    ),
  );
}

function createRouterTools(router: Router): { server: McpServer; tools: Tools } {
  const server = new McpServer(
    { name: 'mcp-orchestrator', version: '0.1.0' },
    {
      capabilities: { tools: { listChanged: true } },
      jsonSchemaValidator: sharedSchemaValidator(),
    },
  );
  const tools: Tools = new Map();
  registerChat(server, router, tools);
  registerUtilities(server, router, tools);
  return { server, tools };
}

/** A fresh McpServer with the router tools; one per connection (an SDK server serves one transport). */
export function createRouterMcpServer(router: Router): McpServer {
  return createRouterTools(router).server;
}

export interface RouterAvailability {
  /** The vendor servers; their changes re-evaluate which router tools are listed. */
  source: UpstreamSource;
  /** Called after the listed set changed, so the gateway re-reads the router's tools. */
  onToolsChanged: () => void;
}

/** Enables exactly the tools some running server can serve; serialised so quick changes settle in order. */
function gateTools(router: Router, tools: Tools, a: RouterAvailability): { ready: Promise<void>; stop: () => void } {
  let chain = Promise.resolve();
  const sync = () => {
    chain = chain
      .then(async () => {
        const caps = await router.availableCapabilities();
        let changed = false;
        for (const [name, tool] of tools) {
          const want = caps.has(ROUTER_TOOL_CAPABILITY[name]);
          if (tool.enabled === want) continue;
          if (want) tool.enable();
          else tool.disable();
          changed = true;
        }
        if (changed) a.onToolsChanged();
      })
      .catch(() => undefined);
    return chain;
  };
  const stop = a.source.onChange((c) => {
    if (c.serverId !== 'orchestrator' && c.kinds.includes('tools')) void sync();
  });
  return { ready: sync(), stop };
}

export async function createRouterUpstream(
  router: Router,
  opts: { timeoutMs: number; availability?: RouterAvailability },
): Promise<{ upstream: Upstream; close(): Promise<void> }> {
  const { server, tools } = createRouterTools(router);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'mcp-orchestrator-gateway', version: '0.1.0' }, { jsonSchemaValidator: sharedSchemaValidator() });
  await server.connect(serverSide);
  await client.connect(clientSide);
  const upstream: Upstream = { id: 'orchestrator', client, disabledTools: new Set(), namespace: null, timeoutMs: opts.timeoutMs };
  const gate = opts.availability ? gateTools(router, tools, opts.availability) : undefined;
  await gate?.ready;
  return {
    upstream,
    async close() {
      gate?.stop();
      await client.close();
      await server.close();
    },
  };
}
