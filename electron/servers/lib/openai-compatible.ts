// Chat, embeddings and model listing over the OpenAI wire format, shared by OpenAI, Groq and
// any local OpenAI-compatible server (Ollama, llama.cpp, LM Studio).
import type { ChatMessage, ChatTool, ChatToolCall } from '../../../shared/types.js';
import { ToolCallAccumulator, wireToolCalls } from './tool-calls.js';
import { type HttpClient, VendorError } from './http.js';

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

export interface ChatInput {
  message?: string;
  messages?: ChatMessage[];
  model?: string;
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
  /** Function tools (OpenAI shape); a backend without tool calling refuses them. */
  tools?: ChatTool[];
}

export interface ChatOutput {
  message: string;
  model: string;
  usage: Usage | null;
  finish_reason?: string;
  tool_calls?: ChatToolCall[];
}

export interface EmbedInput {
  input: string | string[];
  model?: string;
}

export interface EmbedOutput {
  embeddings: number[][];
  model: string;
  usage: Usage | null;
}

export interface ChatContext {
  signal?: AbortSignal;
  /** Called per streamed text fragment; only used when streaming. */
  onDelta?: (delta: string) => void | Promise<void>;
}

/** What a vendor server needs from its backend; the in-process llama backend implements it too. */
export interface ChatBackend {
  chat(input: ChatInput, ctx: ChatContext): Promise<ChatOutput>;
  embed?(input: EmbedInput, signal?: AbortSignal): Promise<EmbedOutput>;
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export function toMessages(input: ChatInput): ChatMessage[] {
  const messages = [...(input.messages ?? [])];
  if (input.message) messages.push({ role: 'user', content: input.message });
  if (messages.length === 0) throw new VendorError('bad_request', 'give a message or a non-empty messages list');
  return messages;
}

function cleanUsage(u: unknown): Usage | null {
  if (!u || typeof u !== 'object') return null;
  const src = u as Record<string, unknown>;
  const out: Usage = {};
  for (const k of ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const) {
    if (typeof src[k] === 'number') out[k] = src[k];
  }
  return Object.keys(out).length ? out : null;
}

interface CompletionBody {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; tool_calls?: unknown }; finish_reason?: string | null }>;
  usage?: unknown;
}

interface ChunkBody {
  model?: string;
  choices?: Array<{ delta?: { content?: string | null; tool_calls?: unknown }; finish_reason?: string | null }>;
  usage?: unknown;
  x_groq?: { usage?: unknown };
}

export interface OpenAiBackendOptions {
  chatModel?: string;
  embedModel?: string;
  /** Local servers often have one model loaded: use the first listed when none is configured. */
  firstListedModelAsDefault?: boolean;
}

export class OpenAiCompatibleBackend implements ChatBackend {
  constructor(
    private readonly http: HttpClient,
    private readonly opts: OpenAiBackendOptions = {},
  ) {}

  async chat(input: ChatInput, ctx: ChatContext): Promise<ChatOutput> {
    const model = await this.chatModel(input.model, ctx.signal);
    const body: Record<string, unknown> = { model, messages: toMessages(input) };
    if (input.temperature !== undefined) body.temperature = input.temperature;
    if (input.max_tokens !== undefined) body.max_tokens = input.max_tokens;
    if (input.tools?.length) body.tools = input.tools;
    if (input.stream) return this.chatStream(body, model, ctx);
    const res = await this.http.json<CompletionBody>({ method: 'POST', path: '/chat/completions', body, model, signal: ctx.signal });
    const choice = res.choices?.[0];
    if (!choice) throw new VendorError('bad_response', `${this.http.vendor} returned no choices`);
    const calls = wireToolCalls(choice.message?.tool_calls);
    return {
      message: choice.message?.content ?? '',
      model: res.model ?? model,
      usage: cleanUsage(res.usage),
      finish_reason: choice.finish_reason ?? undefined,
      ...(calls.length ? { tool_calls: calls } : {}),
    };
  }

  private async chatStream(body: Record<string, unknown>, model: string, ctx: ChatContext): Promise<ChatOutput> {
    const req = { ...body, stream: true, stream_options: { include_usage: true } };
    let text = '';
    let usage: Usage | null = null;
    let finish: string | undefined;
    let seenModel = model;
    const calls = new ToolCallAccumulator();
    for await (const ev of this.http.events({ method: 'POST', path: '/chat/completions', body: req, model, signal: ctx.signal })) {
      const chunk = ev as ChunkBody;
      if (chunk.model) seenModel = chunk.model;
      usage = cleanUsage(chunk.usage ?? chunk.x_groq?.usage) ?? usage;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finish = choice.finish_reason;
      calls.add(choice?.delta?.tool_calls);
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        await ctx.onDelta?.(delta);
      }
    }
    const toolCalls = calls.done();
    return { message: text, model: seenModel, usage, finish_reason: finish, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
  }

  async embed(input: EmbedInput, signal?: AbortSignal): Promise<EmbedOutput> {
    const model = input.model ?? this.opts.embedModel;
    if (!model) throw new VendorError('config', `no embedding model configured for ${this.http.vendor}; pass model`);
    const res = await this.http.json<{ data?: Array<{ index?: number; embedding?: number[] }>; model?: string; usage?: unknown }>({
      method: 'POST',
      path: '/embeddings',
      body: { model, input: input.input },
      model,
      signal,
    });
    if (!Array.isArray(res.data)) throw new VendorError('bad_response', `${this.http.vendor} returned no embeddings`);
    const rows = [...res.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return { embeddings: rows.map((r) => r.embedding ?? []), model: res.model ?? model, usage: cleanUsage(res.usage) };
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const res = await this.http.json<{ data?: Array<{ id?: string }> }>({ path: '/models', signal });
    return (res.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  }

  private async chatModel(asked: string | undefined, signal?: AbortSignal): Promise<string> {
    const model = asked ?? this.opts.chatModel;
    if (model) return model;
    if (this.opts.firstListedModelAsDefault) {
      const first = (await this.listModels(signal))[0];
      if (first) return first;
    }
    throw new VendorError('config', `no model given and no default model configured for ${this.http.vendor}`);
  }
}
