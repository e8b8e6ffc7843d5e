// Test helpers: real in-process MCP vendor servers (SDK McpServer over InMemoryTransport)
// wrapped as Upstreams, a tiny UpstreamSource, a fake clock and default settings.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { OrchestratorSettings, RoutingConfig } from '../../../../shared/types.js';
import type { Clock } from '../../../../electron/core/env.js';
import type { Upstream, UpstreamChange, UpstreamSource } from '../../../../electron/core/upstream/upstream.js';
import { pollFor } from '../../../helpers/wait.js';

export class FakeClock implements Clock {
  constructor(public t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class TestUpstreamSource implements UpstreamSource {
  private items: Upstream[] = [];
  private listeners = new Set<(c: UpstreamChange) => void>();
  list(): Upstream[] {
    return [...this.items];
  }
  get(id: string): Upstream | undefined {
    return this.items.find((u) => u.id === id);
  }
  onChange(listener: (c: UpstreamChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  add(u: Upstream): void {
    this.items.push(u);
    this.emit({ serverId: u.id, kinds: ['tools', 'resources', 'prompts'] });
  }
  remove(id: string): void {
    this.items = this.items.filter((u) => u.id !== id);
    this.emit({ serverId: id, kinds: ['tools', 'resources', 'prompts'] });
  }
  emit(c: UpstreamChange): void {
    for (const l of this.listeners) l(c);
  }
}

export function makeSettings(routing: Partial<RoutingConfig> = {}): OrchestratorSettings {
  return {
    host: '127.0.0.1',
    port: 0,
    defaultTimeoutMs: 5000,
    retryAttempts: 1,
    pingIntervalMs: 30000,
    pingTimeoutMs: 5000,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    crashLoopMaxRestarts: 5,
    crashLoopWindowMs: 60000,
    maxSessions: 10,
    sessionIdleMs: 60000,
    maxBodyBytes: 1_000_000,
    routing: {
      chatPreference: ['openai', 'groq', 'local_llama'],
      embedPreference: ['openai'],
      breakerFailures: 3,
      breakerCooldownMs: 30_000,
      embedCacheTtlMs: 60_000,
      embedCacheMaxEntries: 100,
      ...routing,
    },
  };
}

/** How a fake vendor behaves on its next calls; tests flip these between calls. */
export interface FakeBehavior {
  fail?: 'isError' | 'hang' | 'throw';
  reply?: string;
  deltas?: string[];
  /** Runs inside every tool call, e.g. to advance a fake clock. */
  onCall?: (tool: string) => void;
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
}

const text = (value: object): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value) }],
  structuredContent: value as Record<string, unknown>,
});

async function behave(v: FakeVendor, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult | null> {
  v.calls.push({ tool, args });
  v.behavior.onCall?.(tool);
  signal.addEventListener('abort', () => (v.aborted = true));
  if (v.behavior.fail === 'isError')
    return { isError: true, content: [{ type: 'text', text: `${v.id}: upstream returned 503 Service Unavailable` }] };
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

function registerChat(server: McpServer, v: FakeVendor, opts: FakeVendorOptions): void {
  const shape = {
    messages: z.array(z.object({ role: z.string(), content: z.string() })),
    model: z.string().optional(),
    max_tokens: z.number().optional(),
    stream: z.boolean().optional(),
    ...(opts.noTemperature ? {} : { temperature: z.number().optional() }),
  };
  server.registerTool(`${v.id}_chat`, { inputSchema: shape }, async (args, extra) => {
    const early = await behave(v, `${v.id}_chat`, args, extra.signal);
    if (early) return early;
    const token = extra._meta?.progressToken;
    const deltas = v.behavior.deltas ?? [];
    if (args.stream && token !== undefined) {
      for (let i = 0; i < deltas.length; i++) {
        await extra.sendNotification({
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
    });
  });
}

function registerOthers(server: McpServer, v: FakeVendor, opts: FakeVendorOptions): void {
  if (opts.embed) {
    server.registerTool(
      `${v.id}_embed`,
      { inputSchema: { input: z.union([z.string(), z.array(z.string())]), model: z.string().optional() } },
      async (args, extra) => {
        const early = await behave(v, `${v.id}_embed`, args, extra.signal);
        if (early) return early;
        const inputs = Array.isArray(args.input) ? args.input : [args.input];
        return text({
          embeddings: inputs.map((s) => [s.length, v.id.length]),
          model: args.model ?? `${v.id}-embed`,
          usage: { total_tokens: inputs.length },
        });
      },
    );
  }
  if (opts.models) {
    server.registerTool(
      'list_models',
      { inputSchema: {} },
      async (_a, extra) => (await behave(v, 'list_models', {}, extra.signal)) ?? text({ models: opts.models ?? [] }),
    );
  }
  if (opts.weather) {
    server.registerTool('get_weather', { inputSchema: { location: z.string(), units: z.string().optional() } }, async (args, extra) => {
      const early = await behave(v, 'get_weather', args, extra.signal);
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
    server.registerTool('search_web', { inputSchema: { query: z.string(), num_results: z.number().optional() } }, async (args, extra) => {
      const early = await behave(v, 'search_web', args, extra.signal);
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
  const server = new McpServer({ name: `fake-${opts.id}`, version: '1.0.0' });
  const client = new Client({ name: 'router-test', version: '1.0.0' });
  const v: FakeVendor = {
    id: opts.id,
    upstream: { id: opts.id, client, disabledTools: new Set(), namespace: opts.id, timeoutMs: opts.timeoutMs ?? 2000 },
    behavior: {},
    calls: [],
    aborted: false,
    async close() {
      await client.close();
      await server.close();
    },
  };
  if (opts.chat !== false) registerChat(server, v, opts);
  registerOthers(server, v, opts);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  await client.connect(a);
  return v;
}

/** Poll a condition with a bounded deadline (no fixed sleeps). */
export async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  await pollFor(cond, 'condition', timeoutMs, 10);
}
