// Fake AI/weather/search vendors for router and client tests: real in-process MCP servers (the
// SDK v2's McpServer over InMemoryTransport) whose tools answer like our built-in servers, with a
// behaviour the test flips between calls (fail, hang, stream deltas).
import { InMemoryTransport, McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { Client } from '../../electron/core/sdk/client.js';
import type { Upstream } from '../../electron/core/upstream/upstream.js';
import { testUpstream } from './fake-upstreams.js';

/** How a fake vendor behaves on its next calls; tests flip these between calls. */
interface FakeBehavior {
  fail?: 'isError' | 'hang' | 'throw';
  /** With fail 'isError': the error says to come back after this long, as a built-in server does after a 429. */
  retryAfterMs?: number;
  reply?: string;
  deltas?: string[];
  /** Runs inside every tool call, e.g. to advance a fake clock. */
  onCall?: (tool: string) => void;
  /** Calls wait for this before answering (to hold them in flight). */
  gate?: Promise<void>;
  /** The chat tool answers with these function-tool calls (a vendor created with `tools: true`). */
  toolCalls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

export interface FakeVendor {
  id: string;
  upstream: Upstream;
  behavior: FakeBehavior;
  calls: { tool: string; args: Record<string, unknown> }[];
  /** Set when a tool call's signal aborted (client cancelled or timed out). */
  aborted: boolean;
  close(): Promise<void>;
}

/** What the vendor's tools read and write while they run. */
type VendorState = Omit<FakeVendor, 'upstream' | 'close'>;

export interface FakeVendorOptions {
  id: string;
  chat?: boolean;
  embed?: boolean;
  models?: string[];
  weather?: boolean;
  search?: boolean;
  timeoutMs?: number;
  /** Leave temperature out of the chat tool's schema. */
  noTemperature?: boolean;
  /** The chat tool takes function tools (declares `tools`), as the built-in openai and groq do. */
  tools?: boolean;
  /** Size of the embedding vectors: [text length, id length, 0, 0, ...]; default 2. */
  embedDims?: number;
}

const text = (value: object): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value) }],
  structuredContent: value,
});

async function behave(v: VendorState, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult | null> {
  v.calls.push({ tool, args });
  v.behavior.onCall?.(tool);
  signal.addEventListener('abort', () => (v.aborted = true));
  if (v.behavior.gate) await v.behavior.gate;
  if (v.behavior.fail === 'isError') {
    const after = v.behavior.retryAfterMs;
    return {
      isError: true,
      content: [{ type: 'text', text: `${v.id}: upstream returned 503 Service Unavailable` }],
      ...(after !== undefined ? { _meta: { errorKind: 'server', retryAfterMs: after } } : {}),
    };
  }
  if (v.behavior.fail === 'throw') throw new Error(`${v.id} exploded`);
  if (v.behavior.fail === 'hang') {
    // Bounded: returns when the caller cancels or times out, or after 10 s at worst.
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 10_000);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()));
    });
    return { isError: true, content: [{ type: 'text', text: 'gave up' }] };
  }
  return null;
}

function registerChat(server: McpServer, v: VendorState, opts: FakeVendorOptions): void {
  const schema = z.object({
    messages: z.array(z.object({ role: z.string(), content: z.string() })),
    model: z.string().optional(),
    max_tokens: z.number().optional(),
    stream: z.boolean().optional(),
    ...(opts.noTemperature ? {} : { temperature: z.number().optional() }),
    ...(opts.tools ? { tools: z.array(z.record(z.string(), z.unknown())).optional() } : {}),
  });
  server.registerTool(`${v.id}_chat`, { inputSchema: schema }, async (args, ctx) => {
    const early = await behave(v, `${v.id}_chat`, args, ctx.mcpReq.signal);
    if (early) return early;
    const token = ctx.mcpReq._meta?.progressToken;
    const deltas = v.behavior.deltas ?? [];
    if (args.stream && token !== undefined) {
      for (let i = 0; i < deltas.length; i++) {
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken: token, progress: i + 1, message: deltas[i] },
        });
      }
    }
    const message = v.behavior.reply ?? (deltas.length ? deltas.join('') : `hello from ${v.id}`);
    return text({
      message,
      model: args.model ?? opts.models?.[0] ?? `${v.id}-default`,
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      ...(v.behavior.toolCalls ? { tool_calls: v.behavior.toolCalls } : {}),
    });
  });
}

function registerOthers(server: McpServer, v: VendorState, opts: FakeVendorOptions): void {
  if (opts.embed) {
    server.registerTool(
      `${v.id}_embed`,
      { inputSchema: z.object({ input: z.union([z.string(), z.array(z.string())]), model: z.string().optional() }) },
      async (args, ctx) => {
        const early = await behave(v, `${v.id}_embed`, args, ctx.mcpReq.signal);
        if (early) return early;
        const inputs = Array.isArray(args.input) ? args.input : [args.input];
        return text({
          embeddings: inputs.map((s) => [s.length, v.id.length, ...new Array<number>(Math.max(0, (opts.embedDims ?? 2) - 2)).fill(0)]),
          model: args.model ?? `${v.id}-embed`,
          usage: { total_tokens: inputs.length },
        });
      },
    );
  }
  if (opts.models) {
    server.registerTool(
      'list_models',
      { inputSchema: z.object({}) },
      async (_a, ctx) => (await behave(v, 'list_models', {}, ctx.mcpReq.signal)) ?? text({ models: opts.models ?? [] }),
    );
  }
  if (opts.weather) {
    const weatherArgs = z.object({ location: z.string(), units: z.string().optional() });
    server.registerTool('get_weather', { inputSchema: weatherArgs }, async (args, ctx) => {
      const early = await behave(v, 'get_weather', args, ctx.mcpReq.signal);
      return (
        early ??
        text({
          location: args.location,
          temperature: 21,
          feels_like: 20,
          humidity: 40,
          wind_speed: 3,
          description: 'clear',
          source: v.id,
          units: args.units,
        })
      );
    });
  }
  if (opts.search) {
    const searchArgs = z.object({ query: z.string(), num_results: z.number().optional() });
    server.registerTool('search_web', { inputSchema: searchArgs }, async (args, ctx) => {
      const early = await behave(v, 'search_web', args, ctx.mcpReq.signal);
      const n = args.num_results ?? 2;
      return (
        early ??
        text({
          results: Array.from({ length: n }, (_, i) => ({ title: `${args.query} ${i}`, url: `https://example.test/${i}`, snippet: 's' })),
        })
      );
    });
  }
}

export async function startFakeVendor(opts: FakeVendorOptions): Promise<FakeVendor> {
  // The tools read the vendor's behaviour at call time, so it can exist before its connection does.
  const v: VendorState = { id: opts.id, behavior: {}, calls: [], aborted: false };
  // Its own v2 server and link (not fake-upstreams' connectInProcess): the tools are written against the v2 McpServer.
  const server = new McpServer({ name: opts.id, version: '1.0.0' });
  if (opts.chat !== false) registerChat(server, v, opts);
  registerOthers(server, v, opts);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: `test-${opts.id}`, version: '1.0.0' });
  await client.connect(clientSide);
  const close = async () => {
    await client.close();
    await server.close();
  };
  return Object.assign(v, { upstream: testUpstream(opts.id, client, { timeoutMs: opts.timeoutMs ?? 2000 }), close });
}
