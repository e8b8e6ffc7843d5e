// The profile editor's model: checkboxes over tools, toggles, and the live size of the
// tools/list the profile would serve. Pure, so it is tested without a DOM.
import { DISCOVERY_TOOL_DEFS, estimateTokens, inProfile, matchesAny, utf8Bytes } from '../../../../shared/profiles.js';
import type { ProfileConfig, ToolInfo } from '../../../../shared/types.js';

export interface ProfileDraft {
  name: string;
  description: string;
  /** Public names of the checked tools. */
  checked: Set<string>;
  readOnly: boolean;
  discovery: boolean;
  pinned: string[];
}

export interface ServerGroup {
  serverId: string;
  tools: ToolInfo[];
}

/** Enabled tools grouped by server, in the order the gateway lists them. */
export function groupByServer(tools: readonly ToolInfo[]): ServerGroup[] {
  const groups = new Map<string, ToolInfo[]>();
  for (const t of tools) {
    if (!t.enabled) continue;
    const list = groups.get(t.serverId) ?? [];
    list.push(t);
    groups.set(t.serverId, list);
  }
  return [...groups].map(([serverId, list]) => ({ serverId, tools: list }));
}

export function emptyDraft(): ProfileDraft {
  return { name: '', description: '', checked: new Set(), readOnly: false, discovery: false, pinned: [] };
}

/** An existing profile as checkboxes: every tool its servers/tools/exclude select (read_only stays a toggle). */
export function draftFromProfile(p: ProfileConfig, tools: readonly ToolInfo[]): ProfileDraft {
  const selection = { ...p, readOnly: false };
  const checked = new Set(tools.filter((t) => inProfile(selection, t)).map((t) => t.name));
  return { name: p.name, description: p.description ?? '', checked, readOnly: p.readOnly, discovery: p.discovery, pinned: p.pinned };
}

/**
 * The draft as a config entry. Whole servers become `servers` alone (so tools a server adds
 * later are included); a partial choice also lists the tools by name. In a mixed choice a whole
 * server stays whole through its `<id>__*` glob (nothing else can publish there), unless its tools
 * carry a custom prefix: then they are listed by name.
 */
export function profileFromDraft(d: ProfileDraft, tools: readonly ToolInfo[]): Omit<ProfileConfig, 'name'> {
  const groups = groupByServer(tools);
  const servers = groups.filter((g) => g.tools.some((t) => d.checked.has(t.name)));
  const whole = servers.every((g) => g.tools.every((t) => d.checked.has(t.name)));
  const names = servers.flatMap((g) => {
    const picked = g.tools.filter((t) => d.checked.has(t.name)).map((t) => t.name);
    const namespace = `${g.serverId}__`;
    const wholeServer = picked.length === g.tools.length && g.tools.every((t) => t.name.startsWith(namespace));
    return wholeServer ? [`${namespace}*`] : picked;
  });
  return {
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    servers: servers.map((g) => g.serverId),
    ...(whole ? {} : { tools: names }),
    exclude: [],
    readOnly: d.readOnly,
    discovery: d.discovery,
    pinned: d.discovery ? d.pinned : [],
  };
}

/** Tools the draft gives access to, after the read-only rule. */
function draftTools(d: ProfileDraft, tools: readonly ToolInfo[]): ToolInfo[] {
  return tools.filter((t) => t.enabled && d.checked.has(t.name) && (!d.readOnly || t.readOnly === true));
}

/** What the profile's tools/list would hold: its size in entries, bytes and ≈tokens. */
export function draftCost(d: ProfileDraft, tools: readonly ToolInfo[]): { tools: number; listed: number; tokens: number } {
  const selected = draftTools(d, tools);
  const shown = d.discovery ? selected.filter((t) => matchesAny(t.name, d.pinned)) : selected;
  // The core reports each entry's exact size; the fallback misses output schemas and annotations.
  const entryBytes = (t: ToolInfo) =>
    t.listBytes ?? utf8Bytes(JSON.stringify({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema }));
  const meta = d.discovery ? DISCOVERY_TOOL_DEFS.map((m) => utf8Bytes(JSON.stringify(m))) : [];
  const entries = [...meta, ...shown.map(entryBytes)];
  // {"tools":[a,b,...]}: 12 bytes of wrapper plus a comma between entries.
  const bytes = 12 + entries.reduce((n, b) => n + b, 0) + Math.max(0, entries.length - 1);
  return { tools: selected.length, listed: entries.length, tokens: estimateTokens(bytes) };
}
