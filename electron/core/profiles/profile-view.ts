// One profile's view of the gateway: the Aggregator's lists filtered by the profile, and every
// request checked against it before routing, so a client that knows a name outside the profile
// still cannot use it. Filtering is cached per tool index (rebuilt only when a list changes).
import type { Server } from '../sdk/server.js';
import {
  ErrorCode as McpErrorCode,
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
    const sel: Selection = { index, tools, byName: new Map(tools.map((t) => [t.name, t])), listed, servers: profileServerSet(p, infos) };
    this.selected = { config: p, sel };
    return sel;
  }

  private refused(what: string): never {
    throw routingError(McpErrorCode.InvalidParams, ErrorCode.FORBIDDEN, `${what} is not available on profile "${this.profile.name}"`);
  }

  async listPublicTools(): Promise<Tool[]> {
    return (await this.selection()).listed;
  }

  async callTool(name: string, args: Record<string, unknown> = {}, opts: ForwardOptions = {}): Promise<CallToolResult> {
    const sel = await this.selection();
    if (this.profile.discovery && isMetaTool(name)) return runMetaTool(name, args, this.scope(sel), opts);
    return this.callInProfile(sel, name, args, opts);
  }

  private callInProfile(sel: Selection, name: string, args: Record<string, unknown>, opts: ForwardOptions): Promise<CallToolResult> {
    if (!sel.byName.has(name)) {
      // A profile's own tool that pinning hides gets the same clear answer as on /mcp.
      const held = sel.index.quarantined.get(name);
      if (held && inProfile(this.profile, held)) throw quarantinedError(name, held.serverId);
      this.refused(`Tool ${name}`);
    }
    return this.aggregator.callTool(name, args, opts);
  }

  private scope(sel: Selection): DiscoveryScope {
    return {
      search: () => this.searchIndex(sel.tools),
      find: (name) => sel.byName.get(name),
      call: (name, args, opts) => this.callInProfile(sel, name, args, opts),
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

  private async checkUri(uri: string): Promise<void> {
    const { route } = await this.aggregator.routeUri(uri);
    if (!(await this.allowsServer(route.serverId))) this.refused(`Resource ${uri}`);
  }

  async readResource(uri: string, opts: ForwardOptions = {}): Promise<ReadResourceResult> {
    await this.checkUri(uri);
    return this.aggregator.readResource(uri, opts);
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

  async getPrompt(name: string, args?: Record<string, string>, opts: ForwardOptions = {}): Promise<GetPromptResult> {
    const owner = (await this.aggregator.promptIndex()).byName.get(name);
    if (owner && !(await this.allowsServer(owner.serverId))) this.refused(`Prompt ${name}`);
    return this.aggregator.getPrompt(name, args, opts);
  }

  async complete(params: CompleteRequest['params'], opts: ForwardOptions = {}): Promise<CompleteResult> {
    const routed = await this.aggregator.routeCompletion(params);
    if (!(await this.allowsServer(routed.serverId))) {
      this.refused(params.ref.type === 'ref/prompt' ? `Prompt ${params.ref.name}` : `Resource ${params.ref.uri}`);
    }
    return this.aggregator.complete(params, opts);
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
