// Model lists per vendor (from each server's list_models), cached per connected client.
import type { Logger } from '../env.js';
import type { Upstream } from '../upstream/upstream.js';
import { callVendorTool } from './vendor-call.js';

export class ModelCatalog {
  private cache = new Map<string, { client: Upstream['client']; models: string[] }>();

  constructor(private readonly logger: Logger) {}

  invalidate(serverId: string): void {
    this.cache.delete(serverId);
  }

  /** Fetches list_models; throws VendorCallError on failure. */
  async fetch(upstream: Upstream, tool: string, signal?: AbortSignal): Promise<string[]> {
    const payload = await callVendorTool(upstream, tool, {}, { signal });
    const raw = Array.isArray(payload.models) ? payload.models : [];
    // Accept plain names or {id} objects, whichever a server sends.
    const models = raw
      .map((m: unknown) => (typeof m === 'string' ? m : m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
      .filter((m): m is string => typeof m === 'string' && m.length > 0);
    this.cache.set(upstream.id, { client: upstream.client, models });
    return models;
  }

  /** Cached list, fetching once if needed; undefined when the vendor cannot say. */
  async known(upstream: Upstream, tool: string | undefined, signal?: AbortSignal): Promise<string[] | undefined> {
    const hit = this.cache.get(upstream.id);
    if (hit && hit.client === upstream.client) return hit.models;
    if (!tool) return undefined;
    try {
      return await this.fetch(upstream, tool, signal);
    } catch (err) {
      this.logger.debug('router: list_models failed', { server: upstream.id, error: String(err) });
      return undefined;
    }
  }
}
