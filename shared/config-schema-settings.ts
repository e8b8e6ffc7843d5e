// The `orchestrator` section: snake_case in the file, durations in seconds (as in the
// seed: default_timeout: 30 means 30 s); camelCase and milliseconds in memory.
import { z } from 'zod';
import type { ConfigIssue, OrchestratorSettings, RoutingConfig } from './types.js';
import { check, issueAt } from './config-schema-issues.js';
import { closestKey } from './config-schema-unknown-keys.js';
import { readBalancing, serializeBalancing } from './config-schema-routing.js';
import { seconds } from './config-schema-durations.js';

export { checkRoutingVendors } from './config-schema-routing.js';

const DEFAULT_ROUTING: RoutingConfig = {
  chatPreference: ['openai', 'groq', 'local_llama'],
  embedPreference: ['openai', 'local_llama'],
  strategy: 'priority',
  weights: {},
  maxInflight: {},
  breakerFailures: 3,
  breakerCooldownMs: 30_000,
  embedCacheTtlMs: 3_600_000,
  embedCacheMaxEntries: 500,
};

export const DEFAULT_SETTINGS: OrchestratorSettings = {
  host: '127.0.0.1',
  port: 8000,
  defaultTimeoutMs: 30_000,
  retryAttempts: 3,
  pingIntervalMs: 30_000,
  pingTimeoutMs: 10_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  crashLoopMaxRestarts: 5,
  crashLoopWindowMs: 120_000,
  maxSessions: 64,
  sessionIdleMs: 1_800_000,
  maxBodyBytes: 4 * 1024 * 1024,
  clientBufferBytes: 1024 * 1024,
  maxMessageBytes: 64 * 1024 * 1024,
  auditMaxBytes: 10 * 1024 * 1024,
  approvalTimeoutMs: 120_000,
  routing: DEFAULT_ROUTING,
};

// [file key, memory key, kind]: 's' = seconds in the file, ms in memory; 'n' = copied as is.
type Field<K> = readonly [string, K, 's' | 'n', z.ZodNumber];
const secs = seconds();
const count = (min: number) => z.number().int().min(min);

const SETTINGS_FIELDS: Field<Exclude<keyof OrchestratorSettings, 'host' | 'routing' | 'roots'>>[] = [
  ['port', 'port', 'n', count(0).max(65535)],
  ['default_timeout', 'defaultTimeoutMs', 's', secs],
  ['retry_attempts', 'retryAttempts', 'n', count(0).max(100)],
  ['ping_interval', 'pingIntervalMs', 's', secs],
  ['ping_timeout', 'pingTimeoutMs', 's', secs],
  ['backoff_initial', 'backoffInitialMs', 's', secs],
  ['backoff_max', 'backoffMaxMs', 's', secs],
  ['crash_loop_max_restarts', 'crashLoopMaxRestarts', 'n', count(1)],
  ['crash_loop_window', 'crashLoopWindowMs', 's', secs],
  ['max_sessions', 'maxSessions', 'n', count(1)],
  ['session_idle', 'sessionIdleMs', 's', secs],
  ['max_body_bytes', 'maxBodyBytes', 'n', count(1024)],
  ['client_buffer_bytes', 'clientBufferBytes', 'n', count(16 * 1024)],
  ['max_message_bytes', 'maxMessageBytes', 'n', count(1024)],
  ['audit_max_bytes', 'auditMaxBytes', 'n', count(1024)],
  ['approval_timeout', 'approvalTimeoutMs', 's', secs],
];

type RoutingNumber = Exclude<keyof RoutingConfig, 'chatPreference' | 'embedPreference' | 'strategy' | 'weights' | 'maxInflight'>;
const ROUTING_FIELDS: Field<RoutingNumber>[] = [
  ['breaker_failures', 'breakerFailures', 'n', count(1)],
  ['breaker_cooldown', 'breakerCooldownMs', 's', secs],
  ['embed_cache_ttl', 'embedCacheTtlMs', 's', z.number().min(0)],
  ['embed_cache_max_entries', 'embedCacheMaxEntries', 'n', count(0)],
];

const vendorList = z.array(z.string().min(1));
/** Roots are URIs (file:// in practice); a name is only for display. */
const ROOTS = z.array(z.object({ uri: z.string().url(), name: z.string().optional() }).strict()).max(100);

/**
 * The hosts the gateway binds to, and the only ones its Host/Origin checks accept: one list for the
 * validator and the gateway, so a config that validates is one the gateway starts with.
 */
export const GATEWAY_HOSTS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

export function isLoopbackHost(host: string): boolean {
  return GATEWAY_HOSTS.includes(host.toLowerCase());
}

/**
 * The keys a section's reader asks for are that section's schema: any key it never asked for is
 * unknown. So a key added to the reader (a new field in a table, or a read of `obj.strategy`) is
 * accepted without a second list to keep in step.
 */
function readTracker(obj: Record<string, unknown>) {
  const asked = new Set<string>();
  const note = (k: string | symbol) => typeof k === 'string' && asked.add(k);
  const view = new Proxy(obj, {
    get: (t, k, r) => (note(k), Reflect.get(t, k, r)),
    has: (t, k) => (note(k), Reflect.has(t, k)),
  });
  const unknownKeyIssues = (at: string[], issues: ConfigIssue[]) => {
    const known = [...asked];
    for (const key of Object.keys(obj).filter((k) => !asked.has(k))) {
      const hint = closestKey(key, known);
      const takes = `${at.join('.')} takes: ${known.join(', ')}`;
      issues.push(issueAt([...at, key], `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ''} (${takes})`));
    }
  };
  return { view, unknownKeyIssues };
}

/** Reads the section (undefined = all defaults); returns null after pushing issues. */
export function normalizeSettings(value: unknown, issues: ConfigIssue[]): OrchestratorSettings | null {
  const at = ['orchestrator'];
  if (value === undefined) return structuredCloneSettings(DEFAULT_SETTINGS);
  const raw = check(z.record(z.string(), z.unknown()), value, at, issues);
  if (!raw) return null;
  const before = issues.length;
  const tracker = readTracker(raw);
  const obj = tracker.view;
  const out = structuredCloneSettings(DEFAULT_SETTINGS);
  const host = check(z.string().min(1).optional(), obj.host, [...at, 'host'], issues);
  if (host !== undefined) {
    if (isLoopbackHost(host)) out.host = host;
    else
      issues.push(
        issueAt(
          [...at, 'host'],
          `must be a loopback address the gateway binds to (${GATEWAY_HOSTS.join(', ')}), got "${host}": the gateway can start local programs and use your API keys, so it must never listen on the network`,
        ),
      );
  }
  readFields(obj, SETTINGS_FIELDS, at, out, issues);
  if (obj.routing !== undefined) readRouting(obj.routing, out.routing, issues);
  // issue 23 (inspector-b): roots offered to the UI's tool calls
  const roots = check(ROOTS.optional(), obj.roots, [...at, 'roots'], issues);
  if (roots && roots.length) out.roots = roots.map((r) => (r.name === undefined ? { uri: r.uri } : { uri: r.uri, name: r.name }));
  tracker.unknownKeyIssues(at, issues);
  crossChecks(out, issues);
  return issues.length > before ? null : out;
}

function readRouting(value: unknown, out: RoutingConfig, issues: ConfigIssue[]): void {
  const at = ['orchestrator', 'routing'];
  const raw = check(z.record(z.string(), z.unknown()), value, at, issues);
  if (!raw) return;
  const tracker = readTracker(raw);
  const obj = tracker.view;
  const chat = check(vendorList.optional(), obj.chat_preference, [...at, 'chat_preference'], issues);
  const embed = check(vendorList.optional(), obj.embed_preference, [...at, 'embed_preference'], issues);
  if (chat) out.chatPreference = chat;
  if (embed) out.embedPreference = embed;
  readFields(obj, ROUTING_FIELDS, at, out, issues);
  readBalancing(obj, out, at, issues);
  tracker.unknownKeyIssues(at, issues);
}

function readFields<K extends string>(
  obj: Record<string, unknown>,
  fields: Field<K>[],
  at: string[],
  out: { [P in K]: number },
  issues: ConfigIssue[],
): void {
  for (const [fileKey, key, kind, schema] of fields) {
    const v = check(schema.optional(), obj[fileKey], [...at, fileKey], issues);
    if (v !== undefined) out[key] = kind === 's' ? Math.round(v * 1000) : v;
  }
}

function crossChecks(s: OrchestratorSettings, issues: ConfigIssue[]): void {
  if (s.backoffInitialMs > s.backoffMaxMs) {
    issues.push(issueAt(['orchestrator', 'backoff_initial'], `must not be larger than backoff_max (${s.backoffMaxMs / 1000} s)`));
  }
  if (s.pingTimeoutMs > s.pingIntervalMs) {
    issues.push(issueAt(['orchestrator', 'ping_timeout'], `must not be larger than ping_interval (${s.pingIntervalMs / 1000} s)`));
  }
}

function structuredCloneSettings(s: OrchestratorSettings): OrchestratorSettings {
  return {
    ...s,
    routing: {
      ...s.routing,
      chatPreference: [...s.routing.chatPreference],
      embedPreference: [...s.routing.embedPreference],
      weights: { ...s.routing.weights },
      maxInflight: { ...s.routing.maxInflight },
    },
    ...(s.roots ? { roots: s.roots.map((r) => ({ ...r })) } : {}),
  };
}

/** Settings back to the file shape; only values that differ from the defaults (port always). */
export function serializeSettings(s: OrchestratorSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.host !== DEFAULT_SETTINGS.host) out.host = s.host;
  out.port = s.port;
  writeFields(s, SETTINGS_FIELDS, DEFAULT_SETTINGS, out);
  const routing: Record<string, unknown> = {};
  const r = s.routing;
  if (!sameList(r.chatPreference, DEFAULT_ROUTING.chatPreference)) routing.chat_preference = r.chatPreference;
  if (!sameList(r.embedPreference, DEFAULT_ROUTING.embedPreference)) routing.embed_preference = r.embedPreference;
  serializeBalancing(r, routing);
  writeFields(r, ROUTING_FIELDS, DEFAULT_ROUTING, routing);
  if (Object.keys(routing).length) out.routing = routing;
  if (s.roots?.length) out.roots = s.roots.map((r) => ({ ...r }));
  return out;
}

function writeFields<K extends string>(
  src: { [P in K]: number },
  fields: Field<K>[],
  defaults: { [P in K]: number },
  out: Record<string, unknown>,
): void {
  for (const [fileKey, key, kind] of fields) {
    if (fileKey === 'port' || src[key] === defaults[key]) continue; // port is always written, first
    out[fileKey] = kind === 's' ? src[key] / 1000 : src[key];
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
