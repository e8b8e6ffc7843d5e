// Prebuilt, immutable views over all upstream lists: public names/URIs and the way back to
// the owning server. Rebuilt only when a list changes, so list requests cost a lookup.
import type { Prompt, Resource, ResourceTemplate, Tool } from '../sdk/types.js';
import { UriTemplate } from '../sdk/shared.js';
import type { ToolInfo } from '../../../shared/types.js';
import type { Upstream } from '../upstream/upstream.js';
import { NameTable, type NameCollision, type ResolvedName } from './naming.js';

export interface PerUpstream<T> {
  up: Upstream;
  items: T[];
}

export interface ToolIndex {
  /** Every tool, disabled ones included (enabled: false). */
  infos: ToolInfo[];
  /** What tools/list returns: enabled tools under their public names. */
  publicTools: Tool[];
  byName: Map<string, ToolInfo>;
  /** Tools that lost their wanted name to an earlier server (see NameTable). */
  collisions: NameCollision[];
  /** Issue 22: tools hidden by pinning until reviewed, by public name; never listed or called. */
  quarantined: Map<string, ToolInfo>;
}

/** Per server, the child's own names pinning hides (trust/pins.ts). */
export type Hidden = ReadonlyMap<string, ReadonlySet<string>>;

function nameTable(lists: PerUpstream<{ name: string }>[]): NameTable {
  return new NameTable(
    lists.flatMap(({ up, items }) => items.map((t) => ({ serverId: up.id, namespace: up.namespace, prefix: up.prefix, name: t.name }))),
  );
}

export function buildToolIndex(lists: PerUpstream<Tool>[], hidden?: Hidden): ToolIndex {
  const table = nameTable(lists);
  const index: ToolIndex = { infos: [], publicTools: [], byName: new Map(), collisions: table.collisions, quarantined: new Map() };
  for (const { up, items } of lists) {
    for (const tool of items) {
      const name = table.publicName(up.id, tool.name);
      if (name === undefined || index.byName.has(name)) continue;
      const enabled = !up.disabledTools.has(tool.name);
      const info: ToolInfo = {
        name,
        serverId: up.id,
        originalName: tool.name,
        title: tool.title ?? tool.annotations?.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        enabled,
        ...(tool.annotations?.readOnlyHint === true ? { readOnly: true } : {}),
        ...(tool.annotations?.destructiveHint === true ? { destructive: true } : {}),
        // For the UI's badges and its check of structured results.
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
        ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      };
      const published = { ...tool, name };
      // What this entry costs in a client's context; profiles and their editor sum it.
      info.listBytes = Buffer.byteLength(JSON.stringify(published));
      if (hidden?.get(up.id)?.has(tool.name)) {
        index.quarantined.set(name, info);
        continue;
      }
      index.infos.push(info);
      index.byName.set(name, info);
      if (enabled) index.publicTools.push(published);
    }
  }
  // Never changed after this; frozen so the reply encoder may cache its bytes.
  Object.freeze(index.publicTools);
  return index;
}

export interface PromptIndex {
  publicPrompts: Prompt[];
  byName: Map<string, ResolvedName>;
  collisions: NameCollision[];
}

/** The lists without what pinning hides. */
export function withoutHidden<T extends { name: string }>(lists: PerUpstream<T>[], hidden: Hidden): PerUpstream<T>[] {
  if (hidden.size === 0) return lists;
  return lists.map(({ up, items }) => {
    const names = hidden.get(up.id);
    return { up, items: names?.size ? items.filter((i) => !names.has(i.name)) : items };
  });
}

export function buildPromptIndex(lists: PerUpstream<Prompt>[]): PromptIndex {
  const table = nameTable(lists);
  const index: PromptIndex = { publicPrompts: [], byName: new Map(), collisions: table.collisions };
  for (const { up, items } of lists) {
    for (const prompt of items) {
      const name = table.publicName(up.id, prompt.name);
      if (name === undefined || index.byName.has(name)) continue;
      index.byName.set(name, { serverId: up.id, originalName: prompt.name });
      index.publicPrompts.push({ ...prompt, name });
    }
  }
  return index;
}

/*
 * Resource URI scheme. A URI listed by exactly one upstream is published unchanged, so
 * resource links that tools return keep working. When two or more upstreams list the same
 * URI (or template), every copy is published as `<serverId>+<original>`. Reads resolve, in
 * order: an exact published URI; a `<serverId>+` prefix naming a connected upstream; the
 * first upstream (in source order) whose template matches; otherwise the URI is unknown.
 */
const URI_SERVER_SEPARATOR = '+';

export interface RoutedUri {
  serverId: string;
  uri: string;
}

interface TemplateOwner extends RoutedUri {
  publicTemplate: string;
  matcher: UriTemplate | null;
}

export interface ResourceIndex {
  resources: Resource[];
  templates: ResourceTemplate[];
  uriOwner: Map<string, RoutedUri>;
  templateOwners: TemplateOwner[];
}

function collisions(values: Iterable<[string, string]>): Set<string> {
  const owners = new Map<string, Set<string>>();
  for (const [serverId, value] of values) {
    const set = owners.get(value) ?? new Set<string>();
    set.add(serverId);
    owners.set(value, set);
  }
  return new Set([...owners].filter(([, set]) => set.size > 1).map(([value]) => value));
}

function compile(template: string): UriTemplate | null {
  try {
    return new UriTemplate(template);
  } catch {
    return null;
  }
}

export function buildResourceIndex(resources: PerUpstream<Resource>[], templates: PerUpstream<ResourceTemplate>[]): ResourceIndex {
  const index: ResourceIndex = { resources: [], templates: [], uriOwner: new Map(), templateOwners: [] };
  const dupUris = collisions(resources.flatMap(({ up, items }) => items.map((r) => [up.id, r.uri] as [string, string])));
  for (const { up, items } of resources) {
    for (const r of items) {
      const uri = dupUris.has(r.uri) ? `${up.id}${URI_SERVER_SEPARATOR}${r.uri}` : r.uri;
      if (index.uriOwner.has(uri)) continue;
      index.uriOwner.set(uri, { serverId: up.id, uri: r.uri });
      index.resources.push({ ...r, uri });
    }
  }
  const dupTemplates = collisions(templates.flatMap(({ up, items }) => items.map((t) => [up.id, t.uriTemplate] as [string, string])));
  for (const { up, items } of templates) {
    for (const t of items) {
      const publicTemplate = dupTemplates.has(t.uriTemplate) ? `${up.id}${URI_SERVER_SEPARATOR}${t.uriTemplate}` : t.uriTemplate;
      index.templateOwners.push({ serverId: up.id, uri: t.uriTemplate, publicTemplate, matcher: compile(t.uriTemplate) });
      index.templates.push({ ...t, uriTemplate: publicTemplate });
    }
  }
  return index;
}

/** Finds the upstream a public resource URI belongs to, per the scheme above. */
export function routeResourceUri(index: ResourceIndex, uri: string, connected: string[]): RoutedUri | undefined {
  const exact = index.uriOwner.get(uri);
  if (exact) return exact;
  for (const id of connected) {
    const prefix = `${id}${URI_SERVER_SEPARATOR}`;
    if (uri.startsWith(prefix)) return { serverId: id, uri: uri.slice(prefix.length) };
  }
  const owner = index.templateOwners.find((t) => t.matcher?.match(uri));
  return owner ? { serverId: owner.serverId, uri } : undefined;
}

/** Routes a completion ref/resource, whose uri is usually a published template. */
export function routeTemplateUri(index: ResourceIndex, uri: string, connected: string[]): RoutedUri | undefined {
  const owner = index.templateOwners.find((t) => t.publicTemplate === uri);
  return owner ? { serverId: owner.serverId, uri: owner.uri } : routeResourceUri(index, uri, connected);
}
