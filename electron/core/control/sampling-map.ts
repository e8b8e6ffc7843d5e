// A child's sampling/createMessage as a router chat, and the router's answer as its result.
// MCP asks for a model by hints and priorities; the router picks vendors by its own preference,
// so a hint is honoured when it names a model some vendor lists, and otherwise left to the router.
import type { ChatMessage, ChatRequest, ChatResponse, ModelInfo } from '../../../shared/types.js';

interface SamplingMessage {
  role?: unknown;
  content?: unknown;
}

/** A content block (or a list of them, as newer revisions allow) as text; other kinds are named, not sent. */
function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks
    .map((b) => {
      const block = b as { type?: unknown; text?: unknown } | null;
      if (block?.type === 'text' && typeof block.text === 'string') return block.text;
      return `[${typeof block?.type === 'string' ? block.type : 'unknown'} content]`;
    })
    .join('\n');
}

/** The model a request's hints name, among the models the vendors list (first hint that matches wins). */
export function pickModel(params: Record<string, unknown>, models: ModelInfo[]): ModelInfo | undefined {
  const prefs = params.modelPreferences as { hints?: Array<{ name?: unknown }> } | undefined;
  for (const hint of prefs?.hints ?? []) {
    if (typeof hint.name !== 'string' || !hint.name) continue;
    const name = hint.name.toLowerCase();
    const found = models.find((m) => m.id.toLowerCase() === name) ?? models.find((m) => m.id.toLowerCase().includes(name));
    if (found) return found;
  }
  return undefined;
}

export function samplingToChat(params: Record<string, unknown>, model?: ModelInfo): ChatRequest {
  const messages: ChatMessage[] = [];
  if (typeof params.systemPrompt === 'string' && params.systemPrompt) messages.push({ role: 'system', content: params.systemPrompt });
  for (const m of (params.messages as SamplingMessage[] | undefined) ?? []) {
    messages.push({ role: m.role === 'assistant' ? 'assistant' : 'user', content: contentText(m.content) });
  }
  const req: ChatRequest = { messages };
  if (typeof params.maxTokens === 'number' && params.maxTokens > 0) req.max_tokens = Math.floor(params.maxTokens);
  if (typeof params.temperature === 'number') req.temperature = params.temperature;
  if (model) Object.assign(req, { vendor: model.vendor, model: model.id });
  return req;
}

export function chatToSamplingResult(res: ChatResponse): Record<string, unknown> {
  return { role: 'assistant', content: { type: 'text', text: res.message }, model: res.model, stopReason: 'endTurn' };
}
