// Profiles: named subsets of the gateway's tools, each served at /mcp/<name>. The selection
// rule lives here (pure) so the core, the CLI and the renderer's live preview agree exactly.
import type { ProfileConfig } from './types.js';

/** Path of a profile's endpoint under the gateway ("/mcp" is the full set). */
export const PROFILE_PATH_PREFIX = '/mcp/';

/** The endpoint path a client token bound to `profile` may use: /mcp for null, else /mcp/<profile>. */
export function clientEndpoint(profile: string | null): string {
  return profile === null ? '/mcp' : `${PROFILE_PATH_PREFIX}${profile}`;
}

/** The three tools a discovery profile lists in place of the schemas. */
export const DISCOVERY_TOOLS = ['search_tools', 'describe_tool', 'call_tool'] as const;

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 50;

/** Definitions of the meta-tools (plain data; the core serves them as MCP tools). */
export const DISCOVERY_TOOL_DEFS = Object.freeze([
  {
    name: 'search_tools',
    title: 'Search tools',
    description:
      'Find tools by what they do. Returns ranked matches (name and a one-line summary) from names, titles, descriptions and parameter names. Use describe_tool for a full schema, then call_tool.',
    inputSchema: {
      type: 'object' as const,
      properties: {
        query: { type: 'string', description: 'Words describing the task, e.g. "create entity" or "weather"' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: SEARCH_MAX_LIMIT,
          description: `Most matches to return (default ${SEARCH_DEFAULT_LIMIT})`,
        },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'describe_tool',
    title: 'Describe a tool',
    description: 'The full definition of one tool found with search_tools: description, input schema and annotations.',
    inputSchema: {
      type: 'object' as const,
      properties: { name: { type: 'string', description: 'Tool name as returned by search_tools' } },
      required: ['name'],
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'call_tool',
    title: 'Call a tool',
    description: 'Calls one tool found with search_tools, with arguments matching its input schema (see describe_tool).',
    inputSchema: {
      type: 'object' as const,
      properties: {
        name: { type: 'string', description: 'Tool name as returned by search_tools' },
        arguments: { type: 'object', description: 'Arguments for the tool', additionalProperties: true },
      },
      required: ['name'],
    },
  },
]);

/** Known client limits on listed tools (the UI warns above them). */
const CLIENT_TOOL_LIMITS = [
  { client: 'Cursor', limit: 40 },
  { client: 'VS Code', limit: 128 },
] as const;

/** What the selection needs to know about one tool. */
export interface SelectableTool {
  /** Public name, e.g. `memory__read_graph`. */
  name: string;
  serverId: string;
  /** The tool's annotations say readOnlyHint: true. */
  readOnly?: boolean;
  /** false when the server's config disables it; never part of a profile. */
  enabled?: boolean;
}

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  re = new RegExp(`^${body}$`);
  if (globCache.size > 1000) globCache.clear();
  globCache.set(glob, re);
  return re;
}

export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(name));
}

/** Whether one tool belongs to the profile (servers, tools, exclude, read_only; disabled tools never). */
export function inProfile(profile: ProfileConfig, tool: SelectableTool): boolean {
  if (tool.enabled === false) return false;
  if (profile.servers && !profile.servers.includes(tool.serverId)) return false;
  if (profile.tools && !matchesAny(tool.name, profile.tools)) return false;
  if (profile.exclude.length > 0 && matchesAny(tool.name, profile.exclude)) return false;
  if (profile.readOnly && tool.readOnly !== true) return false;
  return true;
}

export function selectProfileTools<T extends SelectableTool>(profile: ProfileConfig, tools: readonly T[]): T[] {
  return tools.filter((t) => inProfile(profile, t));
}

/**
 * Servers whose resources and prompts the profile serves: `servers` when given; otherwise,
 * when `tools` narrows the set, the servers that contribute a tool; otherwise all (null).
 */
export function profileServerSet(profile: ProfileConfig, selected: readonly SelectableTool[]): Set<string> | null {
  if (profile.servers) return new Set(profile.servers);
  if (profile.tools) return new Set(selected.map((t) => t.serverId));
  return null;
}

/** The rough token cost of some JSON text: bytes / 4, the usual rule of thumb. */
export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/** UTF-8 length of a string without needing node:buffer (works in the renderer too). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Clients whose known limit the listed tool count exceeds. */
export function exceededLimits(listed: number): { client: string; limit: number }[] {
  return CLIENT_TOOL_LIMITS.filter((c) => listed > c.limit);
}
