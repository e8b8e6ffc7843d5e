// Embeddings with a per-text cache: only texts not cached go to a vendor.
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { EmbedCache } from './embed-cache.js';
import { embedCacheKey } from './embed-cache.js';
import type { Candidate, Routed } from './failover.js';
import type { EmbedOptions, EmbedResult } from './types.js';
import { callVendorTool, VendorCallError } from './vendor-call.js';
import { adaptModel, defaultEmbedModel, dropUnaccepted } from './vendor-profiles.js';
import { acceptedParams } from './chat-attempt.js';

interface EmbedFlowInput {
  text: string | string[];
  /** Explicit vendor id or 'auto'; part of the cache key. */
  vendor: string;
  opts: EmbedOptions;
  cache: EmbedCache;
  route: (
    attempt: (c: Candidate) => Promise<{ embeddings: number[][]; model: string }>,
  ) => Promise<Routed<{ embeddings: number[][]; model: string }>>;
}

function isVectorList(v: unknown, n: number): v is number[][] {
  return Array.isArray(v) && v.length === n && v.every((e) => Array.isArray(e) && e.every((x) => typeof x === 'number'));
}

export async function embedWithCache(input: EmbedFlowInput): Promise<EmbedResult> {
  const texts = Array.isArray(input.text) ? input.text : [input.text];
  if (texts.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'embed needs at least one text');
  const requestedModel = input.opts.model ?? '';
  const keys = texts.map((t) => embedCacheKey(input.vendor, requestedModel, t));
  const hits = keys.map((k) => input.cache.get(k));
  const missing = hits.flatMap((h, i) => (h ? [] : [i]));
  if (missing.length === 0) {
    const first = hits[0]!;
    return { embeddings: hits.map((h) => h!.vector), vendor: first.vendor, model: first.model, cached: true, failover: [] };
  }
  const batch = missing.map((i) => texts[i]);
  const routed = await input.route(async (c) => {
    const notes: string[] = [];
    const ctx = { vendor: c.upstream.id, acceptedParams: acceptedParams(c) };
    const model = adaptModel(ctx, input.opts.model, defaultEmbedModel(c.upstream.id), notes);
    const args = dropUnaccepted(ctx, { input: Array.isArray(input.text) ? batch : batch[0], ...(model ? { model } : {}) }, notes);
    const payload = await callVendorTool(c.upstream, c.tool, args, { signal: input.opts.signal });
    if (!isVectorList(payload.embeddings, batch.length)) {
      throw new VendorCallError(
        c.upstream.id,
        `${c.tool} returned ${Array.isArray(payload.embeddings) ? payload.embeddings.length : 'no'} vectors for ${batch.length} inputs`,
      );
    }
    return { embeddings: payload.embeddings, model: typeof payload.model === 'string' ? payload.model : (model ?? 'unknown') };
  });
  const out = hits.map((h) => h?.vector ?? []);
  missing.forEach((idx, j) => {
    const vector = routed.value.embeddings[j];
    out[idx] = vector;
    input.cache.set(keys[idx], { vector, vendor: routed.vendor, model: routed.value.model });
  });
  return { embeddings: out, vendor: routed.vendor, model: routed.value.model, cached: false, failover: routed.failover };
}
