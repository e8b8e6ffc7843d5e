// Embeddings that never mix: every vector of one answer comes from one vendor and one model, with
// one size. The cache is per vendor, model and size; a vendor that fails mid-request is replaced for
// the whole request (the next vendor embeds every text the cache does not hold for *it*).
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { CachedEmbedding, EmbedCache } from './embed-cache.js';
import type { Candidate, Routed } from './failover.js';
import type { EmbedOptions, EmbedResult } from './types.js';
import { callVendorTool, VendorCallError } from './vendor-call.js';
import { adaptModel, defaultEmbedModel, dropUnaccepted } from './vendor-profiles.js';
import { acceptedParams } from './chat-attempt.js';

interface EmbedValue {
  embeddings: number[][];
  model: string;
}

interface EmbedFlowInput {
  text: string | string[];
  opts: EmbedOptions;
  cache: EmbedCache;
  /** Capable vendors in preference order (an explicit vendor alone). */
  candidates: Candidate[];
  /** Balances the candidates and runs the attempt with failover. */
  run: (candidates: Candidate[], attempt: (c: Candidate) => Promise<EmbedValue>) => Promise<Routed<EmbedValue>>;
}

/** Every vector a list of numbers, all of one size. */
function isVectorList(v: unknown, n: number): v is number[][] {
  if (!Array.isArray(v) || v.length !== n) return false;
  const size = Array.isArray(v[0]) ? (v[0] as unknown[]).length : -1;
  return v.every((e) => Array.isArray(e) && e.length === size && size > 0 && e.every((x) => typeof x === 'number'));
}

/** The model asked of this vendor: the caller's unless another vendor owns it, else the vendor's default ('' = its own). */
function modelFor(c: Candidate, requested: string | undefined): string {
  return adaptModel({ vendor: c.upstream.id }, requested, defaultEmbedModel(c.upstream.id), []) ?? '';
}

/** All texts cached for one vendor and model, in one size, or null. */
function fullHit(hits: (CachedEmbedding | undefined)[]): CachedEmbedding[] | null {
  if (hits.some((h) => !h)) return null;
  const all = hits as CachedEmbedding[];
  const same = all.every((h) => h.model === all[0].model && h.vector.length === all[0].vector.length);
  return same ? all : null;
}

async function callVendor(c: Candidate, texts: string[], single: boolean, model: string, signal?: AbortSignal): Promise<EmbedValue> {
  const ctx = { vendor: c.upstream.id, acceptedParams: acceptedParams(c) };
  const args = dropUnaccepted(ctx, { input: single ? texts[0] : texts, ...(model ? { model } : {}) }, []);
  const payload = await callVendorTool(c.upstream, c.tool, args, { signal });
  if (!isVectorList(payload.embeddings, texts.length)) {
    const got = Array.isArray(payload.embeddings) ? `${payload.embeddings.length} vectors (or vectors of mixed sizes)` : 'no vectors';
    throw new VendorCallError(c.upstream.id, `${c.tool} returned ${got} for ${texts.length} inputs`);
  }
  return { embeddings: payload.embeddings, model: typeof payload.model === 'string' ? payload.model : model || 'unknown' };
}

export async function embedWithCache(input: EmbedFlowInput): Promise<EmbedResult> {
  const texts = Array.isArray(input.text) ? input.text : [input.text];
  if (texts.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'embed needs at least one text');
  const single = !Array.isArray(input.text);
  const { cache, opts } = input;

  // A request the cache holds whole for one capable vendor costs no vendor call.
  for (const c of input.candidates) {
    const hit = fullHit(cache.lookup(c.upstream.id, modelFor(c, opts.model), texts));
    if (hit) {
      const [first] = hit;
      const vectors = hit.map((h) => h.vector);
      return { embeddings: vectors, vendor: first.vendor, model: first.model, dimensions: first.vector.length, cached: true, failover: [] };
    }
  }

  const routed = await input.run(input.candidates, async (c) => {
    const vendor = c.upstream.id;
    const model = modelFor(c, opts.model);
    const hits = cache.lookup(vendor, model, texts);
    const missing = texts.flatMap((t, i) => (hits[i] ? [] : [i]));
    const whole = missing.length === 0 ? fullHit(hits) : null;
    if (whole) return { embeddings: whole.map((h) => h.vector), model: whole[0].model };
    const fresh = await callVendor(
      c,
      missing.map((i) => texts[i]),
      single,
      model,
      opts.signal,
    );
    const out = hits.map((h) => h?.vector);
    missing.forEach((idx, j) => (out[idx] = fresh.embeddings[j]));
    const size = fresh.embeddings[0].length;
    const consistent = hits.every((h) => !h || (h.vector.length === size && h.model === fresh.model));
    // The vendor now answers with another model or size than its cached vectors: embed everything again.
    const value = consistent
      ? { embeddings: out as number[][], model: fresh.model }
      : await callVendor(c, texts, single, model, opts.signal);
    cache.store(
      vendor,
      model,
      consistent ? missing.map((i) => texts[i]) : texts,
      consistent ? fresh.embeddings : value.embeddings,
      value.model,
    );
    return value;
  });
  const { embeddings, model } = routed.value;
  return { embeddings, vendor: routed.vendor, model, dimensions: embeddings[0].length, cached: false, failover: routed.failover };
}
