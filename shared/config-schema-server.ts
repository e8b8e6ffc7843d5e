// One server entry: accepts the seed shape, the `mcpServers` shape (Claude Desktop,
// Cursor) and VS Code's typed shape, and normalises all three to ServerConfig.
import { z } from 'zod';
import type { ConfigIssue, ServerConfig } from './types.js';
import { check, issueAt } from './config-schema-issues.js';
import { checkSecretUse } from './config-schema-secrets.js';
import { checkUnknownKeys } from './config-schema-unknown-keys.js';
import { PINNING_MODES } from './pinning.js';
import { parseSandbox, serializeSandbox } from './config-schema-sandbox.js';
import { BUILTIN_NAMES, BUILTIN_SERVERS, isBuiltinName, type BuiltinName } from './builtins.js';
import { APPROVAL_MODES } from './approval.js';
import { seconds } from './config-schema-durations.js';
// OAuth for remote servers (issue 21 item 6)
import { parseOAuth, serializeOAuth } from './config-schema-oauth.js';

const SERVER_ID_PATTERN = /^[A-Za-z0-9_-]{1,48}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const stringMap = z.record(z.string(), z.string());
// Approval (issue 22 item 4): one mode, or modes by tool-name glob.
const approvalMode = z.enum(APPROVAL_MODES, { error: `must be one of: ${APPROVAL_MODES.join(', ')}` });
const approvalSetting = z.union([approvalMode, z.record(z.string().min(1), approvalMode)], {
  error: `must be one of ${APPROVAL_MODES.join(', ')}, or an object of tool-name globs to those modes`,
});
const names = z.array(z.string().min(1));

// Unknown keys are errors, apart from other clients' known extras (config-schema-unknown-keys.ts).
const rawServerSchema = z.object({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  builtin: z.enum(BUILTIN_NAMES, { error: `must be one of the built-in servers: ${BUILTIN_NAMES.join(', ')}` }).optional(),
  type: z.enum(['stdio', 'http', 'sse', 'streamable-http', 'streamableHttp']).optional(),
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  /** "sse": a remote server that still speaks the 2024-11-05 HTTP+SSE transport. */
  transport: z.enum(['stdio', 'http', 'sse']).optional(),
  headers: stringMap.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  tools: names.optional(),
  required_env: z.array(z.string().regex(ENV_NAME, { error: 'must be an environment variable name like OPENAI_API_KEY' })).optional(),
  env_passthrough: z
    .array(
      z.string().regex(/^(\*|[A-Za-z_][A-Za-z0-9_]*)$/, { error: 'must be an environment variable name, or "*" to inherit everything' }),
    )
    .optional(),
  enabled: z.boolean().optional(),
  disabled: z.boolean().optional(),
  autostart: z.boolean().optional(),
  disabled_tools: names.optional(),
  timeout: seconds().optional(),
  max_message_bytes: z.number().int().min(1024).optional(),
  tool_prefix: z
    .string()
    .max(48)
    .regex(/^[A-Za-z0-9_-]*$/, {
      error: 'may only contain letters, digits, "_" and "-" (tool names must match ^[a-zA-Z0-9_-]{1,64}$); use "" for no prefix',
    })
    .optional(),
  // Issue 22 pinning: what a changed tool/prompt/template definition does (shared/pinning.ts).
  pinning: z.enum(PINNING_MODES, { error: `must be one of ${PINNING_MODES.map((m) => `"${m}"`).join(', ')}` }).optional(),
  // Sandbox (issue 22 item 6): checked by parseSandbox for messages at the exact path.
  sandbox: z.unknown().optional(),
  approval: approvalSetting.optional(),
  // OAuth for remote servers (issue 21 item 6): checked by parseOAuth for messages at the exact path.
  oauth: z.unknown().optional(),
  // Issue 21: how the child's protocol era is negotiated ("auto" probes server/discover, "legacy" is 2025 only, a date pins).
  protocol: z
    .string()
    .refine((v) => v === 'auto' || v === 'legacy' || /^\d{4}-\d{2}-\d{2}$/.test(v), {
      error: 'must be "auto", "legacy" or a protocol version to pin, like "2026-07-28"',
    })
    .optional(),
});
type RawServer = z.output<typeof rawServerSchema>;
const SERVER_KEYS = Object.keys(rawServerSchema.shape);

/** Why an id is not usable, or null if it is fine. */
export function serverIdProblem(id: string): string | null {
  if (id.includes('__')) {
    return `server id "${id}" must not contain "__": the gateway names tools "<server>__<tool>", so "__" inside an id would make tool names ambiguous`;
  }
  if (!SERVER_ID_PATTERN.test(id)) {
    return `server id "${id}" must be 1-48 characters of letters, digits, "_" or "-" (it becomes part of every tool name)`;
  }
  return null;
}

/** Validates and normalises one entry; pushes issues (paths start at `at`) and returns null on error. */
export function normalizeServer(id: string, value: unknown, at: readonly PropertyKey[], issues: ConfigIssue[]): ServerConfig | null {
  const before = issues.length;
  const idProblem = serverIdProblem(id);
  if (idProblem) issues.push(issueAt(at, idProblem));
  checkUnknownKeys(value, SERVER_KEYS, at, issues);
  const parsed = check(rawServerSchema, value, at, issues);
  if (!parsed || issues.length > before) return null;
  const raw = migrateBuiltin(parsed);
  const transport = raw.builtin !== undefined ? builtinTransport(raw, at, issues) : pickTransport(raw, at, issues);
  if (issues.length > before || !transport) return null;
  const sandbox = raw.sandbox === undefined ? undefined : checkSandbox(raw.sandbox, transport, [...at, 'sandbox'], issues);
  const oauth = raw.oauth === undefined ? undefined : parseOAuth(raw.oauth, transport, [...at, 'oauth'], issues);
  if (issues.length > before) return null;
  const server = {
    ...buildServer(id, raw, transport),
    ...(sandbox !== undefined ? { sandbox } : {}),
    ...(oauth !== undefined ? { oauth } : {}),
  };
  checkSecretUse(server, at, issues);
  return issues.length > before ? null : server;
}

// Sandbox (issue 22 item 6)
function checkSandbox(value: unknown, transport: 'stdio' | 'http', at: readonly PropertyKey[], issues: ConfigIssue[]) {
  if (transport === 'http') {
    issues.push(issueAt(at, 'applies only to local (stdio) servers; a remote "url" server runs elsewhere'));
    return undefined;
  }
  return parseSandbox(value, at, issues);
}

/**
 * Older configs started built-ins as `node ${MCP_ORCHESTRATOR_ROOT}/bin/mcp-orchestrator.mjs server <name>`
 * (or `mcp-orchestrator server <name>`), which needs a system Node and breaks when packaged. Such entries
 * load as `{"builtin": "<name>"}` and are saved in that form.
 */
function migrateBuiltin(raw: RawServer): RawServer {
  if (raw.builtin !== undefined || raw.command === undefined || raw.url !== undefined) return raw;
  const name = legacyBuiltinName(raw.command, raw.args ?? []);
  if (!name) return raw;
  const { command: _command, args: _args, type: _type, ...rest } = raw;
  return { ...rest, builtin: name };
}

const baseName = (p: string) => p.split(/[\\/]/).pop()?.toLowerCase() ?? '';

function legacyBuiltinName(command: string, args: string[]): BuiltinName | null {
  const cmd = baseName(command);
  let rest = args;
  if (cmd === 'node' || cmd === 'node.exe') {
    if (!args[0] || baseName(args[0]) !== 'mcp-orchestrator.mjs') return null;
    rest = args.slice(1);
  } else if (cmd !== 'mcp-orchestrator' && cmd !== 'mcp-orchestrator.cmd') {
    return null;
  }
  const name = rest[1];
  return rest.length === 2 && rest[0] === 'server' && name !== undefined && isBuiltinName(name) ? name : null;
}

function builtinTransport(raw: RawServer, at: readonly PropertyKey[], issues: ConfigIssue[]): 'stdio' | null {
  const extra = (['command', 'args', 'url', 'cwd'] as const).filter((k) => raw[k] !== undefined);
  if (extra.length) {
    const list = extra.map((k) => `"${k}"`).join(', ');
    issues.push(issueAt(at, `has "builtin" and ${list}; a built-in server is started by the app itself, so drop ${list}`));
    return null;
  }
  if (raw.type !== undefined && raw.type !== 'stdio') {
    issues.push(issueAt([...at, 'type'], `is "${raw.type}" but built-in servers run as local stdio children`));
    return null;
  }
  return 'stdio';
}

function pickTransport(raw: RawServer, at: readonly PropertyKey[], issues: ConfigIssue[]): 'stdio' | 'http' | null {
  if (raw.command !== undefined && raw.url !== undefined) {
    issues.push(issueAt(at, 'has both "command" and "url"; use "command" for a local server or "url" for a remote one, not both'));
    return null;
  }
  if (raw.command === undefined && raw.url === undefined) {
    issues.push(issueAt(at, 'needs "command" (a local server started as a child process) or "url" (a remote HTTP server)'));
    return null;
  }
  const transport = raw.url !== undefined ? 'http' : 'stdio';
  for (const key of ['type', 'transport'] as const) {
    const given = raw[key];
    if (given !== undefined && (given === 'stdio') !== (transport === 'stdio')) {
      const has = transport === 'http' ? '"url"' : '"command"';
      issues.push(issueAt([...at, key], `is "${given}" but the entry has ${has}`));
      return null;
    }
  }
  if (raw.url !== undefined && !isHttpUrl(raw.url)) {
    issues.push(issueAt([...at, 'url'], `expected an http:// or https:// URL, got ${JSON.stringify(raw.url)}`));
    return null;
  }
  return transport;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function buildServer(id: string, raw: RawServer, transport: 'stdio' | 'http'): ServerConfig {
  // Optional fields are only set when present so deep equality ignores absent ones.
  const sse = transport === 'http' && (raw.transport === 'sse' || raw.type === 'sse');
  const where =
    raw.builtin !== undefined
      ? { builtin: raw.builtin }
      : transport === 'stdio'
        ? { command: raw.command }
        : { url: raw.url, ...(sse ? { sse: true as const } : {}) };
  return {
    id,
    name: raw.name ?? id,
    description: raw.description ?? '',
    transport,
    ...where,
    args: transport === 'stdio' ? (raw.args ?? []) : [],
    env: raw.env ?? {},
    ...(raw.cwd !== undefined ? { cwd: raw.cwd } : {}),
    headers: raw.headers ?? {},
    // A built-in waits for its vendor key unless the entry says otherwise.
    requiredEnv: raw.required_env ?? (raw.builtin !== undefined ? [...BUILTIN_SERVERS[raw.builtin].required] : []),
    ...(raw.env_passthrough?.length ? { envPassthrough: raw.env_passthrough } : {}),
    enabled: raw.enabled ?? (raw.disabled === undefined ? true : !raw.disabled),
    autostart: raw.autostart ?? true,
    disabledTools: raw.disabled_tools ?? [],
    ...(raw.port !== undefined ? { port: raw.port } : {}),
    ...(raw.timeout !== undefined ? { timeoutMs: Math.round(raw.timeout * 1000) } : {}),
    ...(raw.max_message_bytes !== undefined ? { maxMessageBytes: raw.max_message_bytes } : {}),
    ...(raw.tool_prefix !== undefined ? { toolPrefix: raw.tool_prefix } : {}),
    ...(raw.pinning !== undefined ? { pinning: raw.pinning } : {}),
    ...(raw.approval !== undefined ? { approval: raw.approval } : {}),
    ...(raw.protocol !== undefined && raw.protocol !== 'auto' ? { protocol: raw.protocol } : {}),
  };
}

/** ServerConfig back to the seed entry shape (defaults omitted, stable key order). */
export function serializeServer(s: ServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.name !== s.id) out.name = s.name;
  if (s.description) out.description = s.description;
  if (s.builtin !== undefined) {
    out.builtin = s.builtin;
  } else if (s.transport === 'stdio') {
    out.command = s.command;
    if (s.args.length) out.args = s.args;
  } else {
    out.url = s.url;
    if (s.sse) out.transport = 'sse';
  }
  if (Object.keys(s.env).length) out.env = s.env;
  if (Object.keys(s.headers).length) out.headers = s.headers;
  if (s.cwd !== undefined) out.cwd = s.cwd;
  if (s.port !== undefined) out.port = s.port;
  if (s.requiredEnv.length && !isBuiltinDefault(s)) out.required_env = s.requiredEnv;
  if (s.envPassthrough?.length) out.env_passthrough = s.envPassthrough;
  if (!s.enabled) out.enabled = false;
  if (!s.autostart) out.autostart = false;
  if (s.disabledTools.length) out.disabled_tools = s.disabledTools;
  if (s.timeoutMs !== undefined) out.timeout = s.timeoutMs / 1000;
  if (s.maxMessageBytes !== undefined) out.max_message_bytes = s.maxMessageBytes;
  if (s.toolPrefix !== undefined) out.tool_prefix = s.toolPrefix;
  if (s.pinning !== undefined) out.pinning = s.pinning;
  if (s.sandbox !== undefined) out.sandbox = serializeSandbox(s.sandbox);
  if (s.approval !== undefined) out.approval = s.approval;
  if (s.oauth !== undefined) out.oauth = serializeOAuth(s.oauth);
  if (s.protocol !== undefined) out.protocol = s.protocol;
  return out;
}

function isBuiltinDefault(s: ServerConfig): boolean {
  if (s.builtin === undefined) return false;
  const d = BUILTIN_SERVERS[s.builtin].required;
  return d.length === s.requiredEnv.length && d.every((n, i) => s.requiredEnv[i] === n);
}
