// One profile's view of the gateway: the Aggregator's lists filtered by the profile, and every
// request checked against it before routing, so a client that knows a name outside the profile
// still cannot use it. Filtering is cached per tool index (rebuilt only when a list changes).
import type { Server } from '../sdk/server.js';
import {
  McpErrorCode,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '../sdk/types.js';
import { ErrorCode } from '../../../shared/errors.js';
import { inProfile, matchesAny, profileServerSet } from '../../../shared/profiles.js';
import type { ProfileConfig } from '../../../shared/types.js';
import { quarantinedError, routingError } from '../wire/errors.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import type { Refusal, Routed, RouteKind } from '../wire/route.js';
import type { FullSet, ProfileToolIndex } from './full-set.js';
import type { ListKind } from '../upstream/upstream.js';
import { META_TOOLS, isMetaTool, runMetaTool, type DiscoveryScope } from './discovery.js';
import { ToolSearch } from './tool-search.js';

/** The profile's tools for one tool index. */
export interface Selection {
  index: ProfileToolIndex;
  /** Every tool the profile gives access to, under public names. */
  tools: Tool[];
  byName: Map<string, Tool>;
  /** tools/list: the tools, or the meta-tools plus pinned tools for a discovery profile. */
  listed: Tool[];
  /** Servers whose resources and prompts are served; null = all. */
  servers: Set<string> | null;
}

/** Serves as a gateway view (gateway/view.ts) wherever its full set is the gateway's Aggregator. */
export class ProfileView<Full extends FullSet = FullSet> {
  private selected: { config: ProfileConfig; sel: Selection } | undefined;
  private search: { tools: Tool[]; index: ToolSearch } | undefined;
  /** Last seen serialised list per kind, to tell whether a change touched this profile. */
  private readonly signatures = new Map<ListKind, Promise<string>>();

  constructor(
    private readonly aggregator: Full,
    private profile: ProfileConfig,
  ) {
    for (const kind of ['tools', 'resources', 'prompts'] as const) this.signatures.set(kind, this.signature(kind));
  }

  get name(): string {
    return this.profile.name;
  }

  get config(): ProfileConfig {
    return this.profile;
  }

  get peers(): Full['peers'] {
    return this.aggregator.peers;
  }

  /** A new definition for the same name; the caller diffs lists via changedKinds(). */
  update(profile: ProfileConfig): void {
    this.profile = profile;
    this.selected = undefined;
  }

  async selection(): Promise<Selection> {
    const index = await this.aggregator.toolIndex();
    const cached = this.selected;
    if (cached && cached.sel.index === index && cached.config === this.profile) return cached.sel;
    const p = this.profile;
    const infos = index.infos.filter((info) => inProfile(p, info));
    const names = new Set(infos.map((i) => i.name));
    const tools = index.publicTools.filter((t) => names.has(t.name));
    const listed = p.discovery ? [...META_TOOLS, ...tools.filter((t) => !isMetaTool(t.name) && matchesAny(t.name, p.pinned))] : tools;
    // Frozen: the JSON path then encodes a profile's tools/list once per tool index, as on /mcp (reply-encoding.ts).
    Object.freeze(listed);
    const sel: Selection = { index, tools, byName: new Map(tools.map((t) => [t.name, t])), listed, servers: profileServerSet(p, infos) };
    this.selected = { config: p, sel };
    return sel;
  }

  private refusal(what: string): Refusal {
    return {
      refusal: routingError(McpErrorCode.InvalidParams, ErrorCode.FORBIDDEN, `${what} is not available on profile "${this.profile.name}"`),
    };
  }

  async listPublicTools(): Promise<Tool[]> {
    return (await this.selection()).listed;
  }

  /** tools/call through the pipeline, for in-process callers and tests. */
  callTool(name: string, args: Record<string, unknown> = {}, opts: ForwardOptions = {}): Promise<CallToolResult> {
    return this.forward('tools/call', { name, arguments: args }, opts) as Promise<CallToolResult>;
  }

  private forward(method: string, params: Record<string, unknown>, opts: ForwardOptions) {
    return this.aggregator.pipeline.forward({ method, params }, { ...opts, view: this });
  }

  /** The profile's boundary, then the Aggregator's routing: nothing outside the profile gets a route. */
  async route(kind: RouteKind, name: string, cancel?: { readonly signal?: AbortSignal }): Promise<Routed> {
    if (kind === 'tool') return this.routeTool(await this.selection(), name, cancel);
    if (kind === 'prompt') {
      // The prompt's owner is checked first, so a prompt outside the profile is refused even if its child is away.
      const owner = (await this.aggregator.promptIndex()).byName.get(name);
      if (owner && !(await this.allowsServer(owner.serverId))) return this.refusal(`Prompt ${name}`);
    }
    const routed = await this.aggregator.route(kind, name, cancel);
    if ('serverId' in routed && !(await this.allowsServer(routed.serverId))) {
      return this.refusal(kind === 'prompt' ? `Prompt ${name}` : `Resource ${name}`);
    }
    return routed;
  }

  private routeTool(sel: Selection, name: string, cancel?: { readonly signal?: AbortSignal }): Promise<Routed> | Routed {
    if (this.profile.discovery && isMetaTool(name)) {
      return { local: (args, ctx) => runMetaTool(name, args, this.scope(sel), ctx) };
    }
    if (!sel.byName.has(name)) {
      // A profile's own tool that pinning hides gets the same clear answer as on /mcp.
      const held = sel.index.quarantined.get(name);
      if (held && inProfile(this.profile, held)) return { refusal: quarantinedError(name, held.serverId) };
      return this.refusal(`Tool ${name}`);
    }
    return this.aggregator.route('tool', name, cancel);
  }

  private scope(sel: Selection): DiscoveryScope {
    return {
      search: () => this.searchIndex(sel.tools),
      find: (name) => sel.byName.get(name),
      // A direct call through the pipeline: the profile's route() enforces the boundary again.
      call: (name, args, opts) => this.forward('tools/call', { name, arguments: args }, opts) as Promise<CallToolResult>,
    };
  }

  private searchIndex(tools: Tool[]): ToolSearch {
    if (this.search?.tools !== tools) this.search = { tools, index: new ToolSearch(tools) };
    return this.search.index;
  }

  async allowsServer(serverId: string): Promise<boolean> {
    const servers = (await this.selection()).servers;
    return servers === null || servers.has(serverId);
  }

  async listResources(): Promise<Resource[]> {
    const { servers } = await this.selection();
    if (servers === null) return this.aggregator.listResources();
    const index = await this.aggregator.resourceIndex();
    return index.resources.filter((r) => servers.has(index.uriOwner.get(r.uri)?.serverId ?? ''));
  }

  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    const { servers } = await this.selection();
    if (servers === null) return this.aggregator.listResourceTemplates();
    const index = await this.aggregator.resourceIndex();
    // templates and templateOwners are built side by side, one owner per template.
    return index.templates.filter((_, i) => servers.has(index.templateOwners[i]?.serverId ?? ''));
  }

  /** Throws the route's refusal for a URI outside the profile (or unknown). */
  private async checkUri(uri: string): Promise<void> {
    const routed = await this.route('resource', uri);
    if ('refusal' in routed) throw routed.refusal;
  }

  readResource(uri: string, opts: ForwardOptions = {}): Promise<ReadResourceResult> {
    return this.forward('resources/read', { uri }, opts) as Promise<ReadResourceResult>;
  }

  async subscribe(server: Server, uri: string): Promise<void> {
    await this.checkUri(uri);
    return this.aggregator.subscribe(server, uri);
  }

  async unsubscribe(server: Server, uri: string): Promise<void> {
    await this.checkUri(uri);
    return this.aggregator.unsubscribe(server, uri);
  }

  async listPrompts(): Promise<Prompt[]> {
    const { servers } = await this.selection();
    if (servers === null) return this.aggregator.listPrompts();
    const index = await this.aggregator.promptIndex();
    return index.publicPrompts.filter((p) => servers.has(index.byName.get(p.name)?.serverId ?? ''));
  }

  getPrompt(name: string, args?: Record<string, string>, opts: ForwardOptions = {}): Promise<GetPromptResult> {
    return this.forward('prompts/get', { name, ...(args && { arguments: args }) }, opts) as Promise<GetPromptResult>;
  }

  complete(params: CompleteRequest['params'], opts: ForwardOptions = {}): Promise<CompleteResult> {
    return this.forward('completion/complete', params, opts) as Promise<CompleteResult>;
  }

  childCapabilities() {
    return this.aggregator.childCapabilities();
  }

  private async signature(kind: ListKind): Promise<string> {
    try {
      if (kind === 'tools') return JSON.stringify(await this.listPublicTools());
      if (kind === 'prompts') return JSON.stringify(await this.listPrompts());
      return JSON.stringify([await this.listResources(), await this.listResourceTemplates()]);
    } catch {
      return '';
    }
  }

  /** Which of `kinds` changed for this profile since the last call (a tools change can move resources too). */
  async changedKinds(kinds: Iterable<ListKind>): Promise<Set<ListKind>> {
    const wanted = new Set(kinds);
    // What tools a profile has decides its server set when `servers` is not given.
    if (wanted.has('tools') && !this.profile.servers && this.profile.tools) {
      wanted.add('resources');
      wanted.add('prompts');
    }
    const changed = new Set<ListKind>();
    for (const kind of wanted) {
      const before = await this.signatures.get(kind);
      const next = this.signature(kind);
      this.signatures.set(kind, next);
      if ((await next) !== before) changed.add(kind);
    }
    return changed;
  }
}
