// Typed client for the orchestrator's loopback MCP endpoint.
import type { ChatRequest, ChatResponse, ModelInfo, SearchResult, WeatherReport } from '../../shared/types.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { Connection } from './connection.js';
import { ToolError } from './errors.js';
import { readJson, readStatus } from './status-http.js';
import type {
  CallOptions,
  Capabilities,
  ChatCallOptions,
  ClientStatus,
  EmbedCallOptions,
  EmbedResponse,
  MCPClientOptions,
  ToolCallResult,
} from './types.js';

export const DEFAULT_URL = 'http://127.0.0.1:8000/mcp';
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_PAGES = 50;

/** One page of a list (the first has no cursor). */
function page<M extends 'tools/list' | 'resources/list' | 'prompts/list'>(method: M, cursor: string | undefined) {
  return cursor ? { method, params: { cursor } } : { method };
}

function textOf(content: unknown[]): string {
  return content
    .map((c) =>
      c && typeof c === 'object' && (c as { type?: unknown }).type === 'text' ? String((c as { text?: unknown }).text ?? '') : '',
    )
    .filter(Boolean)
    .join('\n');
}

export class MCPClient {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly token: string | undefined;
  private readonly conn: Connection;

  constructor(opts: MCPClientOptions = {}) {
    // Like the CLI: an explicit url, else MCP_ORCHESTRATOR_URL, else the default port.
    this.url = opts.url ?? process.env.MCP_ORCHESTRATOR_URL ?? DEFAULT_URL;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.token = opts.token ?? process.env.MCP_ORCHESTRATOR_TOKEN;
    const headers: Record<string, string> = this.token ? { Authorization: `Bearer ${this.token}` } : {};
    this.conn = new Connection(this.url, headers, Math.max(0, opts.retries ?? 2));
  }

  get connected(): boolean {
    return this.conn.connected;
  }

  async connect(): Promise<void> {
    await this.conn.run(async () => undefined);
  }

  async disconnect(): Promise<void> {
    await this.conn.close();
  }

  /** Call any gateway tool; an isError answer throws ToolError with the tool's message. */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    opts: CallOptions & { onProgress?: (message: string) => void } = {},
  ): Promise<ToolCallResult> {
    const onProgress = opts.onProgress;
    const result = (await this.conn.run(
      (client) =>
        client.callTool(
          { name, arguments: args },
          {
            signal: opts.signal,
            timeout: opts.timeoutMs ?? this.timeoutMs,
            onprogress: onProgress ? (p) => p.message && onProgress(p.message) : undefined,
            resetTimeoutOnProgress: !!onProgress,
          },
        ),
      opts.signal,
    )) as { isError?: boolean; content: unknown[]; structuredContent?: Record<string, unknown> };
    if (result.isError) throw new ToolError(name, textOf(result.content) || `${name} failed`);
    return { content: result.content, structuredContent: result.structuredContent };
  }

  /** Structured payload of a tool, falling back to JSON in its text. */
  private async payload<T>(
    name: string,
    args: Record<string, unknown>,
    opts?: CallOptions & { onProgress?: (m: string) => void },
  ): Promise<T> {
    const res = await this.callTool(name, args, opts);
    if (res.structuredContent) return res.structuredContent as T;
    try {
      return JSON.parse(textOf(res.content)) as T;
    } catch {
      throw new AppError(ErrorCode.UPSTREAM_ERROR, `${name} returned no structured result`);
    }
  }

  /** `chat('hi', { vendor: 'groq' })`: vendor, model, temperature and max_tokens in opts fill the request (the request's own win). */
  async chat(input: string | ChatRequest, opts: ChatCallOptions = {}): Promise<ChatResponse> {
    const { vendor, model, temperature, max_tokens, onDelta, ...callOpts } = opts;
    const fromOpts: ChatRequest = { vendor, model, temperature, max_tokens };
    const req: ChatRequest = { ...fromOpts, ...(typeof input === 'string' ? { message: input } : input) };
    const args = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
    let streamed = '';
    const onProgress = onDelta && ((d: string) => ((streamed += d), onDelta(d)));
    const res = await this.payload<ChatResponse>('chat', args, { ...callOpts, onProgress });
    // The SDK drops progress that shares a network chunk with the result: send the unseen tail.
    const msg = typeof res.message === 'string' ? res.message : '';
    if (onDelta && msg.length > streamed.length && msg.startsWith(streamed)) onDelta(msg.slice(streamed.length));
    return res;
  }

  /** `embed(texts, 'openai')` or `embed(texts, { vendor, model })`; every vector comes from the one vendor and model named in the answer. */
  async embed(text: string | string[], vendorOrOpts?: string | EmbedCallOptions, opts: CallOptions = {}): Promise<EmbedResponse> {
    const o: EmbedCallOptions = typeof vendorOrOpts === 'string' ? { ...opts, vendor: vendorOrOpts } : { ...opts, ...vendorOrOpts };
    const { vendor, model, ...callOpts } = o;
    return this.payload<EmbedResponse>('embed', { text, ...(vendor ? { vendor } : {}), ...(model ? { model } : {}) }, callOpts);
  }

  async searchWeb(query: string, numResults?: number, opts: CallOptions = {}): Promise<SearchResult[]> {
    const res = await this.payload<{ results: SearchResult[] }>(
      'search_web',
      numResults ? { query, num_results: numResults } : { query },
      opts,
    );
    return res.results;
  }

  async getWeather(location: string, units?: 'metric' | 'imperial', opts: CallOptions = {}): Promise<WeatherReport> {
    return this.payload<WeatherReport>('get_weather', units ? { location, units } : { location }, opts);
  }

  async listModels(vendor?: string, opts: CallOptions = {}): Promise<ModelInfo[]> {
    const res = await this.payload<{ models: ModelInfo[] }>('list_models', vendor ? { vendor } : {}, opts);
    return res.models;
  }

  /**
   * The MCP lists, each tool with its server, and the servers behind each router tool (GET /status).
   * With a client token (no access to /status) tools carry no server and `capabilities` is empty.
   */
  async getCapabilities(): Promise<Capabilities> {
    const [lists, report] = await Promise.all([
      this.lists(),
      readStatus(this.url, this.token, this.timeoutMs).catch((err: unknown) => {
        if (err instanceof AppError && err.code === ErrorCode.FORBIDDEN) return null;
        throw err;
      }),
    ]);
    if (!report) return { ...lists, capabilities: {} };
    const owner = new Map(report.servers.flatMap((s) => s.tools.map((t) => [t, s.id] as const)));
    const capabilities: Capabilities['capabilities'] = {};
    for (const [tool, servers] of Object.entries(report.capabilities)) capabilities[tool] = { tool, servers };
    return {
      ...lists,
      // Tools no child owns are the orchestrator's own (chat, embed, ...).
      tools: lists.tools.map((t) => ({ ...t, server: owner.get(t.name) ?? 'orchestrator' })),
      capabilities,
    };
  }

  private async lists(): Promise<Omit<Capabilities, 'capabilities'>> {
    return this.conn.run(async (client) => {
      const caps = client.getServerCapabilities() ?? {};
      const out: Omit<Capabilities, 'capabilities'> = { tools: [], resources: [], prompts: [] };
      const timeout = this.timeoutMs;
      // Only ask for lists the server declares; others would be MethodNotFound. One page per request, as many as
      // MAX_PAGES: v2's listTools() & co. without a cursor walk every page themselves and throw past their cap.
      for (let i = 0, cursor: string | undefined; caps.tools && i < MAX_PAGES; i++) {
        const r = await client.request(page('tools/list', cursor), { timeout });
        out.tools.push(...r.tools.map((t) => ({ name: t.name, description: t.description })));
        if (!(cursor = r.nextCursor)) break;
      }
      for (let i = 0, cursor: string | undefined; caps.resources && i < MAX_PAGES; i++) {
        const r = await client.request(page('resources/list', cursor), { timeout });
        out.resources.push(...r.resources.map((x) => ({ uri: x.uri, name: x.name })));
        if (!(cursor = r.nextCursor)) break;
      }
      for (let i = 0, cursor: string | undefined; caps.prompts && i < MAX_PAGES; i++) {
        const r = await client.request(page('prompts/list', cursor), { timeout });
        out.prompts.push(...r.prompts.map((p) => ({ name: p.name, description: p.description })));
        if (!(cursor = r.nextCursor)) break;
      }
      return out;
    });
  }

  /** GET /health, the per-server report (GET /status, with the token) and the tool count over MCP. */
  async getStatus(): Promise<ClientStatus> {
    const health = await readJson(new URL('/health', this.url), undefined, this.timeoutMs);
    const [report, lists] = await Promise.all([readStatus(this.url, this.token, this.timeoutMs), this.lists()]);
    return {
      url: this.url,
      healthy: health.ok,
      health: health.body,
      toolCount: lists.tools.length,
      uptimeMs: report.uptimeMs,
      servers: report.servers,
      routing: report.routing,
    };
  }
}
