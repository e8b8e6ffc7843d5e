// What the router knows about the built-in vendors, to adapt one request to each of them.
//
// | vendor      | default chat model    | default embed model     | model names it owns            | temperature | max_tokens |
// |-------------|-----------------------|-------------------------|--------------------------------|-------------|------------|
// | openai      | gpt-4o-mini           | text-embedding-3-small  | gpt-*, o1/o3/o4*, text-embedding-*, chatgpt-* | 0..2 | ≤ 16384 |
// | groq        | llama-3.1-8b-instant  | (none)                  | llama-3*, llama3-N*, mixtral-*, gemma-*, qwen-* | 0..2 | ≤ 8192 |
// | local_llama | first of list_models  | (none)                  | whatever its list_models returns               | 0..2 | no cap  |
// Names with a ':' tag (Ollama style, e.g. gemma2:9b, gpt-oss:20b) are never claimed by the
// hosted vendors, so they are left for local servers.
// Unknown vendors get no adaptation except dropping parameters their tool schema lacks.
import type { ChatRequest } from '../../../shared/types.js';

export interface VendorProfile {
  chatModel?: string;
  embedModel?: string;
  /** Model names this vendor serves; a match on another vendor's pattern means "not mine". */
  ownsModel?: RegExp;
  temperature?: [number, number];
  maxTokens?: number;
}

export const VENDOR_PROFILES: Record<string, VendorProfile> = {
  openai: {
    chatModel: 'gpt-4o-mini',
    embedModel: 'text-embedding-3-small',
    ownsModel: /^(gpt-|o[1-9]|text-embedding-|chatgpt-)[^:]*$/i,
    temperature: [0, 2],
    maxTokens: 16384,
  },
  groq: {
    chatModel: 'llama-3.1-8b-instant',
    ownsModel: /^(llama-3|llama3-\d|mixtral-|gemma2?-|qwen[-/])[^:]*$/i,
    temperature: [0, 2],
    maxTokens: 8192,
  },
  local_llama: {
    temperature: [0, 2],
  },
};

export interface AdaptContext {
  vendor: string;
  /** Models the vendor listed, if known; they always count as the vendor's own. */
  knownModels?: string[];
  /** Property names of the vendor tool's input schema, if it declares any. */
  acceptedParams?: Set<string>;
}

export interface Adapted {
  args: Record<string, unknown>;
  notes: string[];
}

/** Which other vendor's naming a model follows, if any. */
function foreignOwner(vendor: string, model: string, known?: string[]): string | undefined {
  if (known?.includes(model)) return undefined;
  if (VENDOR_PROFILES[vendor]?.ownsModel?.test(model)) return undefined;
  for (const [other, p] of Object.entries(VENDOR_PROFILES)) {
    if (other !== vendor && p.ownsModel?.test(model)) return other;
  }
  return undefined;
}

function defaultChatModel(vendor: string, knownModels?: string[]): string | undefined {
  return VENDOR_PROFILES[vendor]?.chatModel ?? knownModels?.[0];
}

export function defaultEmbedModel(vendor: string): string | undefined {
  return VENDOR_PROFILES[vendor]?.embedModel;
}

/** Model choice shared by chat and embed: keep the caller's unless it belongs to someone else. */
export function adaptModel(
  ctx: AdaptContext,
  model: string | undefined,
  fallback: string | undefined,
  notes: string[],
): string | undefined {
  if (!model) return fallback;
  const owner = foreignOwner(ctx.vendor, model, ctx.knownModels);
  if (!owner) return model;
  notes.push(`${ctx.vendor}: model "${model}" belongs to ${owner}; using ${fallback ? `"${fallback}"` : "the vendor's default"}`);
  return fallback;
}

/** Build the vendor chat tool's arguments from a router request. */
export function adaptChat(ctx: AdaptContext, req: ChatRequest, messages: ChatRequest['messages']): Adapted {
  const notes: string[] = [];
  const profile = VENDOR_PROFILES[ctx.vendor] ?? {};
  const args: Record<string, unknown> = { messages };
  if (req.tools?.length) args.tools = req.tools;
  const model = adaptModel(ctx, req.model, defaultChatModel(ctx.vendor, ctx.knownModels), notes);
  if (model) args.model = model;
  if (req.temperature !== undefined) {
    const [lo, hi] = profile.temperature ?? [-Infinity, Infinity];
    const t = Math.min(hi, Math.max(lo, req.temperature));
    if (t !== req.temperature) notes.push(`${ctx.vendor}: temperature ${req.temperature} clamped to ${t}`);
    args.temperature = t;
  }
  if (req.max_tokens !== undefined) {
    const cap = profile.maxTokens ?? Infinity;
    if (req.max_tokens > cap) notes.push(`${ctx.vendor}: max_tokens ${req.max_tokens} capped to ${cap}`);
    args.max_tokens = Math.min(cap, req.max_tokens);
  }
  return { args: dropUnaccepted(ctx, args, notes), notes };
}

/** Remove arguments the vendor's tool schema does not declare (messages is always kept). */
export function dropUnaccepted(ctx: AdaptContext, args: Record<string, unknown>, notes: string[]): Record<string, unknown> {
  if (!ctx.acceptedParams) return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    // tools never silently go: the router only sends them to vendors that take them (router.ts).
    if (k === 'messages' || k === 'input' || k === 'tools' || ctx.acceptedParams.has(k)) out[k] = v;
    else notes.push(`${ctx.vendor}: parameter "${k}" is not supported and was dropped`);
  }
  return out;
}
