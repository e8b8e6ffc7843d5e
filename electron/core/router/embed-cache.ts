// LRU + TTL cache of embedding vectors, one entry per vendor, model, dimensions and text (lru-cache,
// on the injected clock). Vectors of different vendors, models or sizes never share a key, so one
// request's vectors can always come from one of them.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../env.js';

export interface EmbedCacheLimits {
  ttlMs: number;
  maxEntries: number;
}

export interface CachedEmbedding {
  vector: number[];
  vendor: string;
  model: string;
}

export function embedCacheKey(vendor: string, model: string, dimensions: number, text: string): string {
  // NUL separators keep ("a","bc") and ("ab","c") apart.
  return createHash('sha256').update(`${vendor}\0${model}\0${dimensions}\0${text}`).digest('hex');
}

export class EmbedCache {
  private cache: LRUCache<string, CachedEmbedding> | null = null;
  private shape = '';
  /**
   * Vector size last seen per vendor and requested model. Lookups use it, so when a vendor starts
   * answering with another size (a new model behind the same name) its older vectors are never served.
   */
  private readonly dims = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => EmbedCacheLimits,
  ) {}

  get size(): number {
    return this.cache?.size ?? 0;
  }

  get(key: string): CachedEmbedding | undefined {
    const hit = this.current()?.get(key);
    return hit && { vector: hit.vector, vendor: hit.vendor, model: hit.model };
  }

  set(key: string, value: CachedEmbedding): void {
    this.current()?.set(key, value);
  }

  clear(): void {
    this.cache?.clear();
    this.dims.clear();
  }

  /** Cached vectors for these texts from this vendor and requested model ('' = its default). */
  lookup(vendor: string, model: string, texts: string[]): (CachedEmbedding | undefined)[] {
    const d = this.dims.get(`${vendor}\0${model}`);
    return texts.map((t) => (d === undefined ? undefined : this.get(embedCacheKey(vendor, model, d, t))));
  }

  /** Stores one vendor's answer; every vector has the same size (embed-flow checks it). */
  store(vendor: string, model: string, texts: string[], vectors: number[][], answeredModel: string): void {
    if (vectors.length === 0 || !this.current()) return;
    const d = vectors[0].length;
    this.dims.set(`${vendor}\0${model}`, d);
    texts.forEach((t, i) => this.set(embedCacheKey(vendor, model, d, t), { vector: vectors[i], vendor, model: answeredModel }));
  }

  /** The cache for the current limits; a config reload that changes them starts a new one. */
  private current(): LRUCache<string, CachedEmbedding> | null {
    const { ttlMs, maxEntries } = this.limits();
    if (maxEntries <= 0 || ttlMs <= 0) return (this.cache = null);
    const shape = `${ttlMs}/${maxEntries}`;
    if (!this.cache || shape !== this.shape) {
      this.shape = shape;
      // The injected clock, not the process's: lru-cache reads time through `perf`.
      this.cache = new LRUCache<string, CachedEmbedding>({
        max: maxEntries,
        ttl: ttlMs,
        perf: this.clock,
        ttlAutopurge: false,
        ttlResolution: 0,
      });
    }
    return this.cache;
  }
}
