// Config file parsing, normalisation and serialisation. Pure (zod + shared types only)
// so the renderer can validate the editor's text inline with the same rules as the core.
import { z } from 'zod';
import type { AppConfig, ConfigIssue, ServerConfig } from './types.js';
import { deepEqual, describeType, parseJsonText } from './config-schema-json.js';
import { check, issueAt } from './config-schema-issues.js';
import { normalizeServer, serializeServer, serverIdProblem } from './config-schema-server.js';
import { checkRoutingVendors, normalizeSettings, serializeSettings } from './config-schema-settings.js';
import { readProfiles, serializeProfiles } from './config-schema-profiles.js';
import { NAMESPACE_SEPARATOR } from './contract.js';
import { isJsonObject } from './json-shape.js';

export { DEFAULT_SETTINGS } from './config-schema-settings.js';
export { deepEqual } from './config-schema-json.js';
export { profileNameProblem } from './config-schema-profiles.js';

/** Which file shape the text used: our seed, the `mcpServers` clients' shape, or VS Code's. */
type ConfigFormat = 'seed' | 'mcpServers' | 'vscode';
export type ParseConfigResult = { ok: true; config: AppConfig; format: ConfigFormat } | { ok: false; issues: ConfigIssue[] };
export type ImportResult = { ok: true; servers: ServerConfig[] } | { ok: false; issues: ConfigIssue[] };

export interface ClientImportOptions {
  /** Rewrites one raw entry (saved under `id`) before it is validated, e.g. VS Code's variables; issues go to the same list. */
  prepare?: (entry: unknown, id: string, at: readonly PropertyKey[], root: unknown, issues: ConfigIssue[]) => unknown;
}

type Obj = Record<string, unknown>;

export function parseConfigText(text: string): ParseConfigResult {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, issues: [json.issue] };
  return parseConfigValue(json.value);
}

/** Same as parseConfigText for an already-parsed JSON value. */
export function parseConfigValue(value: unknown): ParseConfigResult {
  if (!isJsonObject(value)) {
    return { ok: false, issues: [{ path: '', message: `expected a JSON object at the top level, got ${describeType(value)}` }] };
  }
  const issues: ConfigIssue[] = [];
  const key = pickServersKey(value, issues);
  const servers = key ? readServers(value[key], [key], issues) : [];
  const orchestrator = normalizeSettings(value.orchestrator, issues);
  if (orchestrator)
    checkRoutingVendors(
      orchestrator.routing,
      servers.map((s) => s.id),
      issues,
    );
  const profiles = readProfiles(
    value.profiles,
    servers.map((s) => s.id),
    issues,
  );
  if (issues.length || !orchestrator) return { ok: false, issues };
  const config: AppConfig = { servers, orchestrator, ...(profiles.length ? { profiles } : {}) };
  return { ok: true, config, format: detectFormat(value, key) };
}

function pickServersKey(root: Obj, issues: ConfigIssue[]): 'servers' | 'mcpServers' | null {
  const hasSeed = root.servers !== undefined;
  const hasClient = root.mcpServers !== undefined;
  if (hasSeed && hasClient) {
    issues.push(issueAt(['mcpServers'], 'the file has both "servers" and "mcpServers"; keep one list of servers'));
    return null;
  }
  if (!hasSeed && !hasClient) {
    issues.push({
      path: '',
      message: 'expected a "servers" object (or "mcpServers", as in Claude Desktop and Cursor) listing the MCP servers',
    });
    return null;
  }
  return hasSeed ? 'servers' : 'mcpServers';
}

function readServers(value: unknown, at: string[], issues: ConfigIssue[]): ServerConfig[] {
  const entries = check(z.record(z.string(), z.unknown()), value, at, issues);
  if (!entries) return [];
  const out: ServerConfig[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const server = normalizeServer(id, entry, [...at, id], issues);
    if (server) out.push(server);
  }
  checkNamespaces(out, at, issues);
  return out;
}

/**
 * `<id>__` is server <id>'s namespace: a `tool_prefix` that starts inside another server's namespace would publish
 * tools under that server's names and shadow them (an imported `"tool_prefix": "everything__"`). Names that only
 * land there through an empty or partial prefix are refused at run time (gateway/naming.ts).
 */
function checkNamespaces(servers: readonly ServerConfig[], at: readonly string[], issues: ConfigIssue[]): void {
  for (const s of servers) {
    if (!s.toolPrefix) continue;
    const prefix = s.toolPrefix;
    const owner = servers.find((o) => o.id !== s.id && prefix.toLowerCase().startsWith(`${o.id}${NAMESPACE_SEPARATOR}`.toLowerCase()));
    if (owner) {
      issues.push(
        issueAt(
          [...at, s.id, 'tool_prefix'],
          `"${prefix}" falls inside server "${owner.id}"'s namespace "${owner.id}${NAMESPACE_SEPARATOR}" and would shadow its tools; choose a prefix that does not start with another server's id followed by "${NAMESPACE_SEPARATOR}"`,
        ),
      );
    }
  }
}

function detectFormat(root: Obj, key: 'servers' | 'mcpServers' | null): ConfigFormat {
  if (key === 'mcpServers') return 'mcpServers';
  if (root.orchestrator !== undefined) return 'seed';
  const entries = isJsonObject(root.servers) ? Object.values(root.servers) : [];
  const typed = entries.some((e) => isJsonObject(e) && e.type !== undefined);
  return typed || root.inputs !== undefined ? 'vscode' : 'seed';
}

/** The seed format: two-space JSON, stable key order, defaults left out. */
export function serializeConfig(config: AppConfig): string {
  const servers: Obj = {};
  for (const s of config.servers) servers[s.id] = serializeServer(s);
  const profiles = serializeProfiles(config.profiles);
  const out = { servers, orchestrator: serializeSettings(config.orchestrator), ...(profiles ? { profiles } : {}) };
  return JSON.stringify(out, null, 2) + '\n';
}

/** A multi-line message naming the file and every problem with its JSON path. */
export function formatIssues(file: string, issues: ConfigIssue[]): string {
  const lines = issues.map((i) => `  ${i.path ? `at ${i.path}: ` : ''}${i.message}`);
  return `Invalid config ${file}:\n${lines.join('\n')}`;
}

/**
 * Reads a Claude Desktop / Cursor (`mcpServers`), VS Code mcp.json (`servers`) or VS Code
 * settings.json (`mcp.servers`) file. Ids that are not valid here are rewritten (the
 * original id is kept as the name) because the user cannot easily edit the source app.
 */
export function importClientConfig(text: string, options: ClientImportOptions = {}): ImportResult {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, issues: [json.issue] };
  const found = findClientServers(json.value);
  if (!found) {
    return {
      ok: false,
      issues: [{ path: '', message: 'no MCP servers found: expected "mcpServers" (Claude Desktop, Cursor) or "servers" (VS Code)' }],
    };
  }
  const issues: ConfigIssue[] = [];
  const entries = check(z.record(z.string(), z.unknown()), found.value, found.at, issues);
  const servers: ServerConfig[] = [];
  const taken = new Set<string>();
  for (const [id, entry] of Object.entries(entries ?? {})) {
    const safeId = uniqueId(sanitizeId(id), taken);
    const at = [...found.at, id];
    const prepared = options.prepare ? options.prepare(entry, safeId, at, json.value, issues) : entry;
    const named = isJsonObject(prepared) && prepared.name === undefined && safeId !== id ? { ...prepared, name: id } : prepared;
    const server = normalizeServer(safeId, named, at, issues);
    if (server) {
      taken.add(safeId);
      servers.push(server);
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, servers };
}

function findClientServers(root: unknown): { value: unknown; at: string[] } | null {
  if (!isJsonObject(root)) return null;
  if (root.mcpServers !== undefined) return { value: root.mcpServers, at: ['mcpServers'] };
  if (root.servers !== undefined) return { value: root.servers, at: ['servers'] };
  if (isJsonObject(root.mcp) && root.mcp.servers !== undefined) return { value: root.mcp.servers, at: ['mcp', 'servers'] };
  return null;
}

/** Makes any string a valid server id: bad characters become "-", "__" collapses to "_". */
function sanitizeId(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/_{2,}/g, '_')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return cleaned && !serverIdProblem(cleaned) ? cleaned : 'server';
}

/** `id`, or `id-2`, `id-3`, ... (kept within 48 characters) if taken. */
export function uniqueId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; n < 100_000; n++) {
    const suffix = `-${n}`;
    const candidate = id.slice(0, 48 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('no free server id'); // unreachable with fewer than 100k servers
}

/**
 * Appends `extra` to `base.servers`. Existing ids are kept; a colliding new server gets a
 * suffix like `-2`. A server identical to one already present (apart from id and name) is
 * skipped, so importing the same file twice does not duplicate it.
 */
export function mergeServers(base: AppConfig, extra: ServerConfig[]): { config: AppConfig; imported: string[] } {
  const servers = [...base.servers];
  const taken = new Set(servers.map((s) => s.id));
  const imported: string[] = [];
  for (const s of extra) {
    if (servers.some((existing) => sameExceptIdentity(existing, s))) continue;
    const id = uniqueId(s.id, taken);
    taken.add(id);
    servers.push({ ...s, id, name: s.name === s.id ? id : s.name });
    imported.push(id);
  }
  return { config: { ...base, servers }, imported };
}

/** The same server under another id or name; its approval policy is the user's setting, not its identity. */
function sameExceptIdentity(a: ServerConfig, b: ServerConfig): boolean {
  const { approval: _a, ...restA } = a;
  const { approval: _b, ...restB } = b;
  return deepEqual({ ...restA, id: '', name: '' }, { ...restB, id: '', name: '' });
}
