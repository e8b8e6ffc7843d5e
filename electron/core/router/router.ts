// Routes AI requests (chat, embed) and utility calls (weather, search, models) to the running
// vendor servers, with load balancing (balancer.ts), failover, circuit breakers and an embedding cache.
import { AppError, ErrorCode, errorMessage } from '../../../shared/errors.js';
import type {
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ModelInfo,
  OrchestratorSettings,
  SearchResult,
  WeatherReport,
} from '../../../shared/types.js';
import type { Clock, Logger } from '../env.js';
import type { UpstreamSource } from '../upstream/upstream.js';
import { Balancer } from './balancer.js';
import { BreakerSet } from './breaker.js';
import { CapabilityIndex, isVendorUpstream } from './capabilities.js';
import { acceptsTools, buildChatAttempt } from './chat-attempt.js';
import { EmbedCache } from './embed-cache.js';
import { embedWithCache } from './embed-flow.js';
import { runWithFailover, type Candidate, type FailoverDeps, type Routed } from './failover.js';
import { ModelCatalog } from './model-catalog.js';
import type { Capability, ChatOptions, EmbedOptions, EmbedResult, VendorHealth } from './types.js';
import { callVendorTool, cancelledError, VendorCallError } from './vendor-call.js';
import { orderByPreference, VendorStats } from './vendor-stats.js';

export interface RouterDeps {
  upstreams: UpstreamSource;
  settings: () => OrchestratorSettings;
  logger: Logger;
  clock: Clock;
  /** Called when a routed call starts or ends, so status can show calls in flight. */
  onActivity?: () => void;
}

const CAP_LABEL: Record<Capability, string> = {
  chat: 'chat',
  embed: 'embeddings',
  listModels: 'model listing',
  weather: 'weather',
  search: 'web search',
};

const isAuto = (vendor?: string) => vendor === undefined || vendor === '' || vendor === 'auto';

export class Router {
  private readonly caps: CapabilityIndex;
  private readonly breakers: BreakerSet;
  private readonly balancer: Balancer;
  private readonly stats = new VendorStats();
  private readonly cache: EmbedCache;
  private readonly models: ModelCatalog;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: RouterDeps) {
    const routing = () => deps.settings().routing;
    this.caps = new CapabilityIndex(deps.upstreams, deps.logger, deps.clock);
    this.breakers = new BreakerSet(deps.clock, () => ({ failures: routing().breakerFailures, cooldownMs: routing().breakerCooldownMs }));
    this.balancer = new Balancer(deps.clock, routing, deps.onActivity);
    this.cache = new EmbedCache(deps.clock, () => ({ ttlMs: routing().embedCacheTtlMs, maxEntries: routing().embedCacheMaxEntries }));
    this.models = new ModelCatalog(deps.logger);
    this.unsubscribe = deps.upstreams.onChange((c) => {
      if (c.kinds.includes('tools')) this.models.invalidate(c.serverId);
    });
  }

  /** Capabilities at least one running vendor server offers right now (drives which router tools are listed). */
  async availableCapabilities(): Promise<Set<Capability>> {
    const all: Capability[] = ['chat', 'embed', 'listModels', 'weather', 'search'];
    const offered = await Promise.all(all.map(async (c) => ((await this.caps.withCapability(c)).length > 0 ? c : null)));
    return new Set(offered.filter((c): c is Capability => c !== null));
  }

  dispose(): void {
    this.unsubscribe();
    this.caps.dispose();
    this.cache.clear();
  }

  private get failoverDeps(): FailoverDeps {
    return { breakers: this.breakers, stats: this.stats, balancer: this.balancer, clock: this.deps.clock, logger: this.deps.logger };
  }

  /** Candidates for a capability: the explicit vendor alone, or every capable one in preference order. */
  private async candidates(cap: Capability, vendor: string | undefined, preference: string[]): Promise<Candidate[]> {
    if (!isAuto(vendor)) {
      const u = this.deps.upstreams.get(vendor);
      if (!u || !isVendorUpstream(u)) throw new AppError(ErrorCode.VENDOR_UNAVAILABLE, `vendor "${vendor}" is not running`);
      const tools = await this.caps.get(u);
      const tool = tools.tools[cap];
      if (!tool) throw new AppError(ErrorCode.VENDOR_UNAVAILABLE, `vendor "${vendor}" does not offer ${CAP_LABEL[cap]}`);
      return [{ upstream: u, tool, tools }];
    }
    const found = await this.caps.withCapability(cap);
    if (found.length === 0) throw new AppError(ErrorCode.VENDOR_UNAVAILABLE, `no running server offers ${CAP_LABEL[cap]}`);
    return orderByPreference(
      found,
      (c) => c.upstream.id,
      preference,
      (v) => this.stats.latency(v),
    );
  }

  /**
   * The balancer's order for auto routing (an explicit vendor is the only candidate). Called right
   * before runWithFailover with no await between, so the pick and its in-flight count happen together.
   */
  private balance(cap: Capability, vendor: string | undefined, list: Candidate[]): Candidate[] {
    if (!isAuto(vendor)) return list;
    return this.balancer.order({ cap, items: list, vendorOf: (c) => c.upstream.id, latency: (v) => this.stats.latency(v) });
  }

  private async route<T>(
    cap: Capability,
    vendor: string | undefined,
    preference: string[],
    attempt: (c: Candidate) => Promise<T>,
    only?: { keep: (c: Candidate) => boolean; why: string },
  ): Promise<Routed<T>> {
    let list = await this.candidates(cap, vendor, preference);
    if (only) {
      list = list.filter(only.keep);
      if (list.length === 0) throw new AppError(ErrorCode.VENDOR_UNAVAILABLE, only.why);
    }
    return runWithFailover(this.failoverDeps, cap, this.balance(cap, vendor, list), !isAuto(vendor), attempt);
  }

  async chat(req: ChatRequest, opts: ChatOptions = {}): Promise<ChatResponse> {
    const messages: ChatMessage[] = req.messages?.length ? req.messages : req.message ? [{ role: 'user', content: req.message }] : [];
    if (messages.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'chat needs "message" or a non-empty "messages"');
    if (opts.signal?.aborted) throw cancelledError(opts.signal);
    const attempt = buildChatAttempt({ req, messages, opts, models: this.models });
    // With function tools, only vendors whose chat tool takes them are tried (no breaker penalty for the rest).
    const only = req.tools?.length
      ? { keep: acceptsTools, why: `${isAuto(req.vendor) ? 'no running vendor' : `vendor "${req.vendor}"`} takes function tools` }
      : undefined;
    const routed = await this.route('chat', req.vendor, this.deps.settings().routing.chatPreference, attempt, only);
    const { value } = routed;
    const res: ChatResponse = {
      message: value.message,
      vendor: routed.vendor,
      model: value.model,
      usage: value.usage,
      latency_ms: routed.latencyMs,
      failover: routed.failover,
    };
    if (value.notes.length) res.notes = value.notes;
    if (value.tool_calls?.length) res.tool_calls = value.tool_calls;
    return res;
  }

  async embed(text: string | string[], vendor?: string, opts: EmbedOptions = {}): Promise<EmbedResult> {
    if (opts.signal?.aborted) throw cancelledError(opts.signal);
    return embedWithCache({
      text,
      opts,
      cache: this.cache,
      candidates: await this.candidates('embed', vendor, this.deps.settings().routing.embedPreference),
      run: (list, attempt) => runWithFailover(this.failoverDeps, 'embed', this.balance('embed', vendor, list), !isAuto(vendor), attempt),
    });
  }

  async searchWeb(query: string, numResults = 5): Promise<SearchResult[]> {
    if (!query.trim()) throw new AppError(ErrorCode.BAD_REQUEST, 'search query is empty');
    const routed = await this.route('search', undefined, [], async (c) => {
      const payload = await callVendorTool(c.upstream, c.tool, { query, num_results: numResults });
      if (!Array.isArray(payload.results)) throw new VendorCallError(c.upstream.id, 'search_web returned no results array');
      return payload.results as SearchResult[];
    });
    return routed.value;
  }

  async getWeather(location: string, units: 'metric' | 'imperial' = 'metric'): Promise<WeatherReport> {
    if (!location.trim()) throw new AppError(ErrorCode.BAD_REQUEST, 'location is empty');
    const routed = await this.route('weather', undefined, [], async (c) => {
      const payload = await callVendorTool(c.upstream, c.tool, { location, units });
      if (typeof payload.temperature !== 'number') throw new VendorCallError(c.upstream.id, 'get_weather returned no temperature');
      return payload as unknown as WeatherReport;
    });
    return routed.value;
  }

  /** Models of one vendor, or of every vendor that can list them (vendors that fail are skipped). */
  async listModels(vendor?: string): Promise<ModelInfo[]> {
    const list = await this.candidates('listModels', vendor, []);
    const settled = await Promise.allSettled(list.map((c) => this.models.fetch(c.upstream, c.tool)));
    const out: ModelInfo[] = [];
    const errors: string[] = [];
    settled.forEach((s, i) => {
      const id = list[i].upstream.id;
      if (s.status === 'fulfilled') out.push(...s.value.map((m) => ({ vendor: id, id: m })));
      else errors.push(`${id}: ${errorMessage(s.reason)}`);
    });
    if (out.length === 0 && errors.length === settled.length && errors.length > 0) {
      const code = isAuto(vendor) ? ErrorCode.ALL_VENDORS_FAILED : ErrorCode.UPSTREAM_ERROR;
      throw new AppError(code, `listing models failed — ${errors.join('; ')}`);
    }
    return out;
  }

  /** Health of every running vendor; starts discovery in the background for unknown ones. */
  vendors(): VendorHealth[] {
    return this.deps.upstreams
      .list()
      .filter(isVendorUpstream)
      .flatMap((u) => {
        const tools = this.caps.peek(u);
        if (!tools) void this.caps.get(u);
        // A server whose tools are known and serve none of chat, embeddings, search or weather is no vendor
        // (a notes or filesystem server): it is not routed to, so the routing table does not list it.
        if (this.caps.noCapabilities(u)) return [];
        const calls = this.stats.summary(u.id);
        return {
          vendor: u.id,
          capabilities: tools ? (Object.keys(tools.tools) as Capability[]) : [],
          discovered: !!tools,
          breaker: this.breakers.state(u.id),
          consecutiveFailures: this.breakers.failures(u.id),
          latencyMs: this.stats.latency(u.id),
          inflight: this.balancer.inflight(u.id),
          calls: calls.calls,
          errors: calls.errors,
          latencyP50Ms: calls.p50,
          latencyP95Ms: calls.p95,
          setAsideUntil: this.balancer.asideUntilMs(u.id),
        };
      });
  }
}
