// LRU + TTL cache of embedding vectors, one entry per input text.
import { createHash } from 'node:crypto';
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

interface Entry extends CachedEmbedding {
  expiresAt: number;
}

export function embedCacheKey(vendorOrAuto: string, model: string, text: string): string {
  // NUL separators keep ("a","bc") and ("ab","c") apart.
  return createHash('sha256').update(`${vendorOrAuto}\0${model}\0${text}`).digest('hex');
}

export class EmbedCache {
  // Map iteration order is insertion order, so re-inserting on hit gives LRU for free.
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => EmbedCacheLimits,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedEmbedding | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.clock.now() >= e.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    return { vector: e.vector, vendor: e.vendor, model: e.model };
  }

  set(key: string, value: CachedEmbedding): void {
    const { ttlMs, maxEntries } = this.limits();
    if (maxEntries <= 0 || ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { ...value, expiresAt: this.clock.now() + ttlMs });
    while (this.entries.size > maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
