// LRU + TTL cache of embedding vectors, one entry per input text (lru-cache, on the injected clock).
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

export function embedCacheKey(vendorOrAuto: string, model: string, text: string): string {
  // NUL separators keep ("a","bc") and ("ab","c") apart.
  return createHash('sha256').update(`${vendorOrAuto}\0${model}\0${text}`).digest('hex');
}

export class EmbedCache {
  private cache: LRUCache<string, CachedEmbedding> | null = null;
  private shape = '';

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
