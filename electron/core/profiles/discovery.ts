// The three meta-tools a discovery profile lists instead of every schema. They act only on
// the profile's own tools; call_tool routes exactly like a direct call (progress, cancellation,
// errors unchanged) because it is one.
import { McpErrorCode, type CallToolResult, type Tool } from '../sdk/types.js';
import { ErrorCode } from '../../../shared/errors.js';
import { DISCOVERY_TOOL_DEFS, DISCOVERY_TOOLS } from '../../../shared/profiles.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import { routingError } from '../wire/errors.js';
import { DEFAULT_LIMIT, type ToolSearch } from './tool-search.js';

export type MetaToolName = (typeof DISCOVERY_TOOLS)[number];

/** The meta-tools as MCP tools (their definitions live in shared/ so the UI can size them). */
export const META_TOOLS = DISCOVERY_TOOL_DEFS as unknown as readonly Tool[];

export function isMetaTool(name: string): name is MetaToolName {
  return (DISCOVERY_TOOLS as readonly string[]).includes(name);
}

/** What the meta-tools need from the profile they serve. */
export interface DiscoveryScope {
  search(): ToolSearch;
  find(name: string): Tool | undefined;
  /** A direct call, with the profile boundary already enforced. */
  call(name: string, args: Record<string, unknown>, opts: ForwardOptions): Promise<CallToolResult>;
}

function badArgs(message: string) {
  return routingError(McpErrorCode.InvalidParams, ErrorCode.BAD_REQUEST, message);
}

function requireString(args: Record<string, unknown>, key: string, tool: string): string {
  const v = args[key];
  if (typeof v !== 'string' || v.trim() === '') throw badArgs(`${tool}: "${key}" must be a non-empty string`);
  return v;
}

function jsonResult(value: unknown, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: value };
}

export async function runMetaTool(
  name: MetaToolName,
  args: Record<string, unknown>,
  scope: DiscoveryScope,
  opts: ForwardOptions,
): Promise<CallToolResult> {
  if (name === 'search_tools') {
    const query = requireString(args, 'query', name);
    const limit = args.limit === undefined ? DEFAULT_LIMIT : args.limit;
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 1)
      throw badArgs('search_tools: "limit" must be a positive integer');
    const results = scope.search().search(query, limit);
    const lines = results.map((r) => `${r.name} — ${r.summary}`);
    return jsonResult({ results }, results.length ? lines.join('\n') : `No tool matches "${query}".`);
  }
  if (name === 'describe_tool') {
    const toolName = requireString(args, 'name', name);
    const tool = scope.find(toolName);
    if (!tool) throw badArgs(`describe_tool: no tool "${toolName}" in this profile; use search_tools to find one`);
    return jsonResult(tool, JSON.stringify(tool, null, 2));
  }
  const toolName = requireString(args, 'name', name);
  if (isMetaTool(toolName)) throw badArgs(`call_tool: "${toolName}" is a meta-tool; call it directly`);
  const callArgs = args.arguments ?? {};
  if (typeof callArgs !== 'object' || callArgs === null || Array.isArray(callArgs)) {
    throw badArgs('call_tool: "arguments" must be an object');
  }
  return scope.call(toolName, callArgs as Record<string, unknown>, opts);
}
