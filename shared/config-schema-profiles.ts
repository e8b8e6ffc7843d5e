// The `profiles` section: named tool subsets, each served at /mcp/<name>. Validated like the
// rest of the file (JSON paths in every message). Whether a glob matches any tool is only
// known once the servers list their tools, so that is reported at run time (status, log).
import { z } from 'zod';
import type { ConfigIssue, ProfileConfig } from './types.js';
import { check, issueAt } from './config-schema-issues.js';
import { parseJsonText } from './config-schema-json.js';
import { AppError, ErrorCode } from './errors.js';
import { APPROVAL_MODES } from './approval.js';
import { isJsonObject } from './json-shape.js';

const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,48}$/;
/** The in-process router's server id, valid in `servers` though no config entry names it. */
const ROUTER_SERVER_ID = 'orchestrator';
const GLOB = /^[A-Za-z0-9_*?-]+$/;

const glob = z
  .string()
  .min(1)
  .regex(GLOB, { error: 'can never match: tool names only contain letters, digits, "_" and "-" (a glob may add * and ?)' });
const globs = z.array(glob);

const rawProfileSchema = z.strictObject({
  description: z.string().optional(),
  servers: z.array(z.string().min(1)).min(1).optional(),
  tools: globs.min(1).optional(),
  exclude: globs.optional(),
  read_only: z.boolean().optional(),
  discovery: z.boolean().optional(),
  pinned: globs.optional(),
  approval: z.enum(APPROVAL_MODES).optional(),
});

export function profileNameProblem(name: string): string | null {
  if (PROFILE_NAME_PATTERN.test(name)) return null;
  return `profile name "${name}" must be 1-48 characters of letters, digits, "_" or "-" (it becomes the endpoint path /mcp/<name>)`;
}

/** Validates the whole section; `serverIds` are the configured servers (the router is added). */
export function readProfiles(value: unknown, serverIds: readonly string[], issues: ConfigIssue[]): ProfileConfig[] {
  if (value === undefined) return [];
  const entries = check(z.record(z.string(), z.unknown()), value, ['profiles'], issues);
  if (!entries) return [];
  const known = new Set([...serverIds, ROUTER_SERVER_ID]);
  const out: ProfileConfig[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const profile = readProfile(name, entry, known, issues);
    if (profile) out.push(profile);
  }
  return out;
}

function readProfile(name: string, value: unknown, known: ReadonlySet<string>, issues: ConfigIssue[]): ProfileConfig | null {
  const at = ['profiles', name];
  const before = issues.length;
  const nameProblem = profileNameProblem(name);
  if (nameProblem) issues.push(issueAt(at, nameProblem));
  const raw = check(rawProfileSchema, value, at, issues);
  if (!raw) return null;
  raw.servers?.forEach((id, i) => {
    if (!known.has(id)) {
      const list = [...known].map((k) => `"${k}"`).join(', ');
      issues.push(issueAt([...at, 'servers', i], `unknown server "${id}"; configured servers are ${list}`));
    }
  });
  if (issues.length > before) return null;
  return {
    name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.servers !== undefined ? { servers: raw.servers } : {}),
    ...(raw.tools !== undefined ? { tools: raw.tools } : {}),
    exclude: raw.exclude ?? [],
    readOnly: raw.read_only ?? false,
    discovery: raw.discovery ?? false,
    pinned: raw.pinned ?? [],
    ...(raw.approval !== undefined ? { approval: raw.approval } : {}),
  };
}

/** ProfileConfig back to the file shape (defaults omitted). */
function serializeProfile(p: ProfileConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.description) out.description = p.description;
  if (p.servers) out.servers = p.servers;
  if (p.tools) out.tools = p.tools;
  if (p.exclude.length) out.exclude = p.exclude;
  if (p.readOnly) out.read_only = true;
  if (p.discovery) out.discovery = true;
  if (p.pinned.length) out.pinned = p.pinned;
  if (p.approval !== undefined) out.approval = p.approval;
  return out;
}

export function serializeProfiles(profiles: readonly ProfileConfig[] | undefined): Record<string, unknown> | undefined {
  if (!profiles || profiles.length === 0) return undefined;
  return Object.fromEntries(profiles.map((p) => [p.name, serializeProfile(p)]));
}

/** The config text with one profile set (or removed); other keys keep their order and values. */
export function withProfile(text: string, name: string, profile: Omit<ProfileConfig, 'name'> | null): string {
  const json = parseJsonText(text);
  if (!json.ok) throw new AppError(ErrorCode.CONFIG_INVALID, `cannot update the config: ${json.issue.message}`);
  const root = json.value as Record<string, unknown>;
  const current = root.profiles;
  const profiles: Record<string, unknown> = isJsonObject(current) ? { ...current } : {};
  if (profile === null) delete profiles[name];
  else profiles[name] = serializeProfile({ ...profile, name });
  const next: Record<string, unknown> = { ...root, profiles };
  if (Object.keys(profiles).length === 0) delete next.profiles;
  return JSON.stringify(next, null, 2) + '\n';
}
