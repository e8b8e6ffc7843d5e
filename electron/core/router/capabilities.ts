// Which running upstream can do what, derived from its tool list. Tool lists are cached per
// upstream and dropped when the supervisor reports a change.
import type { Tool } from '../sdk/types.js';
import type { Clock, Logger } from '../env.js';
import type { Upstream, UpstreamSource } from '../upstream/upstream.js';
import type { Capability } from './types.js';

export interface VendorTools {
  /** Tool name per capability the upstream offers. */
  tools: Partial<Record<Capability, string>>;
  /** Input schema per tool name, used to drop parameters a vendor does not accept. */
  schemas: Map<string, Tool['inputSchema']>;
}

const MAX_PAGES = 20;
/** A server whose tool list could not be read is not asked again for this long. */
export const DISCOVERY_RETRY_MS = 10_000;

/** Orchestrator-served upstreams (namespace null) are the router itself; never route to them. */
export function isVendorUpstream(u: Upstream): boolean {
  return u.namespace !== null && u.id !== 'orchestrator';
}

function classifyTools(upstreamId: string, tools: Tool[], disabled: ReadonlySet<string>): VendorTools {
  const usable = tools.filter((t) => !disabled.has(t.name));
  const names = usable.map((t) => t.name);
  // Prefer `<id>_chat` when a server offers several chat tools.
  const pick = (suffix: string) => names.find((n) => n === `${upstreamId}${suffix}`) ?? names.find((n) => n.endsWith(suffix));
  const exact = (name: string) => (names.includes(name) ? name : undefined);
  const found: Partial<Record<Capability, string | undefined>> = {
    chat: pick('_chat'),
    embed: pick('_embed'),
    listModels: exact('list_models'),
    weather: exact('get_weather'),
    search: exact('search_web'),
  };
  const out: VendorTools = { tools: {}, schemas: new Map() };
  for (const [cap, name] of Object.entries(found) as [Capability, string | undefined][]) {
    if (name) out.tools[cap] = name;
  }
  for (const t of usable) out.schemas.set(t.name, t.inputSchema);
  return out;
}

export class CapabilityIndex {
  private cache = new Map<string, { client: Upstream['client']; tools: VendorTools; failedAt?: number }>();
  private pending = new Map<string, Promise<VendorTools>>();
  private unsubscribe: () => void;

  constructor(
    private readonly upstreams: UpstreamSource,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.unsubscribe = upstreams.onChange((change) => {
      if (change.kinds.includes('tools')) this.invalidate(change.serverId);
    });
  }

  invalidate(serverId: string): void {
    this.cache.delete(serverId);
    this.pending.delete(serverId);
  }

  dispose(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  /** Cached tools, if fetched for this very client (a restarted server has a new client). */
  peek(u: Upstream): VendorTools | undefined {
    const hit = this.cache.get(u.id);
    if (!hit || hit.client !== u.client) return undefined;
    if (hit.failedAt !== undefined && this.clock.now() - hit.failedAt >= DISCOVERY_RETRY_MS) return undefined;
    return hit.tools;
  }

  /** The upstream's tools were read and offer no routed capability: it is no vendor (a failed read is not this). */
  noCapabilities(u: Upstream): boolean {
    const hit = this.cache.get(u.id);
    return !!hit && hit.client === u.client && hit.failedAt === undefined && Object.keys(hit.tools.tools).length === 0;
  }

  async get(u: Upstream): Promise<VendorTools> {
    const hit = this.peek(u);
    if (hit) return hit;
    let p = this.pending.get(u.id);
    if (!p) {
      p = this.fetch(u).finally(() => {
        if (this.pending.get(u.id) === p) this.pending.delete(u.id);
      });
      this.pending.set(u.id, p);
    }
    return p;
  }

  private async fetch(u: Upstream): Promise<VendorTools> {
    try {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        // request(), not listTools(): the v2 client answers listTools() on a closed connection with an empty
        // list (no server capabilities known), which would read as a server with no tools instead of a failure.
        const res = await u.client.request({ method: 'tools/list', params: cursor ? { cursor } : {} }, { timeout: u.timeoutMs });
        // The v2 client types schema values as JSON; the gateway's (v1) Tool type is looser about them.
        tools.push(...(res.tools as Tool[]));
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      const classified = classifyTools(u.id, tools, u.disabledTools);
      this.cache.set(u.id, { client: u.client, tools: classified });
      return classified;
    } catch (err) {
      // Remembered briefly so one hung server does not stall every routed request.
      this.logger.warn('router: tool discovery failed', { server: u.id, error: String(err) });
      const empty: VendorTools = { tools: {}, schemas: new Map() };
      this.cache.set(u.id, { client: u.client, tools: empty, failedAt: this.clock.now() });
      return empty;
    }
  }

  /** Running vendor upstreams that offer `cap`, in the source's stable order. */
  async withCapability(cap: Capability): Promise<{ upstream: Upstream; tool: string; tools: VendorTools }[]> {
    const ups = this.upstreams.list().filter((u) => isVendorUpstream(u) && u.ready?.() !== false);
    const all = await Promise.all(ups.map(async (u) => ({ upstream: u, tools: await this.get(u) })));
    return all.flatMap(({ upstream, tools }) => {
      const tool = tools.tools[cap];
      return tool ? [{ upstream, tool, tools }] : [];
    });
  }
}
