// Per-upstream cache of tools/resources/templates/prompts lists. Each list is fetched once
// (all pages) and kept until the supervisor reports a change for that server and kind.
import type { Prompt, Resource, ResourceTemplate, Tool } from '../sdk/types.js';
import type { Logger } from '../env.js';
import type { ListKind, Upstream } from '../upstream/upstream.js';

export interface ListItems {
  tools: Tool;
  resources: Resource;
  templates: ResourceTemplate;
  prompts: Prompt;
}
export type CachedKind = keyof ListItems;

/** Guards against a server that keeps returning a cursor. */
const MAX_PAGES = 100;

interface Page<T> {
  items: T[];
  nextCursor?: string;
}

async function fetchAllPages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

function supports(up: Upstream, kind: CachedKind): boolean {
  const caps = up.client.getServerCapabilities();
  if (!caps) return false;
  if (kind === 'templates') return caps.resources !== undefined;
  return caps[kind] !== undefined;
}

async function fetchList<K extends CachedKind>(up: Upstream, kind: K): Promise<ListItems[K][]> {
  if (!supports(up, kind)) return [];
  const opts = { timeout: up.timeoutMs };
  const c = up.client;
  const pages = {
    tools: (cursor?: string) => c.listTools({ cursor }, opts).then((r) => ({ items: r.tools, nextCursor: r.nextCursor })),
    resources: (cursor?: string) => c.listResources({ cursor }, opts).then((r) => ({ items: r.resources, nextCursor: r.nextCursor })),
    templates: (cursor?: string) =>
      c.listResourceTemplates({ cursor }, opts).then((r) => ({ items: r.resourceTemplates, nextCursor: r.nextCursor })),
    prompts: (cursor?: string) => c.listPrompts({ cursor }, opts).then((r) => ({ items: r.prompts, nextCursor: r.nextCursor })),
  };
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- one page type per kind, which TS cannot pair up
  return (await fetchAllPages(pages[kind] as (cursor?: string) => Promise<Page<ListItems[K]>>)) as ListItems[K][];
}

/** What a failed fetch yields: empty, and known as a failure (pinning must not take it for a first list). */
const FAILED = Object.freeze([]) as unknown as never[];

export function isFailedList(items: readonly unknown[]): boolean {
  return items === FAILED;
}

/** Which cached lists a list_changed of a given kind makes stale. */
function cachedKindsFor(kind: ListKind): CachedKind[] {
  return kind === 'resources' ? ['resources', 'templates'] : [kind];
}

export class UpstreamListCache {
  private readonly entries = new Map<string, Map<CachedKind, Promise<unknown[]>>>();
  /** A restarted server gets a new client; its old lists must not survive that. */
  private readonly clients = new Map<string, Upstream['client']>();

  constructor(private readonly logger: Logger) {}

  /** The cached list, fetching it if needed. A failed fetch yields [] and is not cached. */
  get<K extends CachedKind>(up: Upstream, kind: K): Promise<ListItems[K][]> {
    let perServer = this.entries.get(up.id);
    if (!perServer || this.clients.get(up.id) !== up.client) {
      this.clients.set(up.id, up.client);
      perServer = new Map();
      this.entries.set(up.id, perServer);
    }
    const hit = perServer.get(kind);
    if (hit) return hit as Promise<ListItems[K][]>;
    const map = perServer;
    const pending: Promise<ListItems[K][]> = fetchList(up, kind).catch((err: unknown) => {
      if (map.get(kind) === pending) map.delete(kind);
      this.logger.warn('gateway: listing failed', { serverId: up.id, kind, error: String(err) });
      return FAILED;
    });
    perServer.set(kind, pending);
    return pending;
  }

  invalidate(serverId: string, kinds: ListKind[]): void {
    const perServer = this.entries.get(serverId);
    if (!perServer) return;
    for (const kind of kinds) for (const k of cachedKindsFor(kind)) perServer.delete(k);
  }

  /** Drops servers that are no longer connected. */
  retain(ids: Set<string>): void {
    for (const id of this.entries.keys()) {
      if (ids.has(id)) continue;
      this.entries.delete(id);
      this.clients.delete(id);
    }
  }
}
