// One chat attempt against one vendor: adapt the request, stream deltas, read the answer.
import type { ChatMessage, ChatRequest, ChatResponse, ChatToolCall } from '../../../shared/types.js';
import type { Candidate } from './failover.js';
import type { ModelCatalog } from './model-catalog.js';
import type { ChatOptions } from './types.js';
import { callVendorTool, VendorCallError } from './vendor-call.js';
import { adaptChat, VENDOR_PROFILES } from './vendor-profiles.js';

export interface ChatValue {
  message: string;
  model: string;
  usage: ChatResponse['usage'];
  notes: string[];
  tool_calls?: ChatToolCall[];
}

interface ChatAttemptInput {
  req: ChatRequest;
  messages: ChatMessage[];
  opts: ChatOptions;
  models: ModelCatalog;
}

/** Property names a tool's JSON schema declares; undefined when it declares none (accept all). */
export function acceptedParams(c: Candidate): Set<string> | undefined {
  const props = c.tools.schemas.get(c.tool)?.properties;
  if (!props || typeof props !== 'object') return undefined;
  const keys = Object.keys(props);
  return keys.length ? new Set(keys) : undefined;
}

function messageText(m: unknown): string | undefined {
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object' && typeof (m as { content?: unknown }).content === 'string') return (m as { content: string }).content;
  return undefined;
}

function usageOf(u: unknown): ChatResponse['usage'] {
  if (!u || typeof u !== 'object') return null;
  const pick = (k: string) => {
    const v = (u as Record<string, unknown>)[k];
    return typeof v === 'number' ? v : undefined;
  };
  return { prompt_tokens: pick('prompt_tokens'), completion_tokens: pick('completion_tokens'), total_tokens: pick('total_tokens') };
}

export function buildChatAttempt(input: ChatAttemptInput): (c: Candidate) => Promise<ChatValue> {
  const { req, messages, opts, models } = input;
  return async (c) => {
    const vendor = c.upstream.id;
    const accepted = acceptedParams(c);
    // The model list is needed for a default (vendors without one in the profile) or to vet a given model.
    const needModels = !!req.model || !VENDOR_PROFILES[vendor]?.chatModel;
    const knownModels = needModels ? await models.known(c.upstream, c.tools.tools.listModels, opts.signal) : undefined;
    const { args, notes } = adaptChat({ vendor, knownModels, acceptedParams: accepted }, req, messages);
    let streamed = '';
    const onDelta = opts.onDelta;
    const streaming = !!onDelta && (!accepted || accepted.has('stream'));
    if (streaming) args.stream = true;
    const payload = await callVendorTool(c.upstream, c.tool, args, {
      signal: opts.signal,
      onProgress: streaming
        ? (p) => {
            if (typeof p.message === 'string' && p.message.length > 0) {
              streamed += p.message;
              onDelta(p.message);
            }
          }
        : undefined,
    });
    const message = messageText(payload.message);
    if (message === undefined) throw new VendorCallError(vendor, `${c.tool} returned no message`);
    // The SDK drops progress that arrives in the same chunk as the result, and some vendors do
    // not stream at all: hand the listener whatever of the answer it has not seen yet.
    if (onDelta && message.length > streamed.length && message.startsWith(streamed)) onDelta(message.slice(streamed.length));
    const model = typeof payload.model === 'string' ? payload.model : typeof args.model === 'string' ? args.model : 'unknown';
    const calls = toolCallsOf(payload.tool_calls);
    return { message, model, usage: usageOf(payload.usage), notes, ...(calls.length ? { tool_calls: calls } : {}) };
  };
}

/** A vendor takes function tools when its chat tool declares `tools` (or declares nothing). */
export function acceptsTools(c: Candidate): boolean {
  const accepted = acceptedParams(c);
  return !accepted || accepted.has('tools');
}

function toolCallsOf(v: unknown): ChatToolCall[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c: unknown) => {
    const f = (c as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null) ?? {};
    if (typeof f.id !== 'string' || typeof f.function?.name !== 'string') return [];
    const args = typeof f.function.arguments === 'string' ? f.function.arguments : JSON.stringify(f.function.arguments ?? {});
    return [{ id: f.id, type: 'function' as const, function: { name: f.function.name, arguments: args } }];
  });
}
