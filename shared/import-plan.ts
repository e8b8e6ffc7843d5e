// What importing a client config would do, computed before anything is written or started: the entries it
// adds (command line or URL, the secrets each references) and the key-shaped literal `env` values that will
// move into the keychain, replaced by `${NAME}`. Pure: the core and the CLI store the keys and save.
import { importClientConfig, mergeServers } from './config-schema.js';
import { looksKeyValue, looksSecretName } from './env-names.js';
import { referencedVars } from './substitute.js';
import type { AppConfig, ConfigIssue, ImportPreviewEntry, ServerConfig } from './types.js';

/** One literal `env` value to move: stored under `name`, the entry's env then says `${name}`. */
export interface SecretMove {
  serverId: string;
  envKey: string;
  name: string;
  value: string;
}

export interface ImportPlan {
  /** The current config with the new entries appended (literals already replaced by `${NAME}`). */
  config: AppConfig;
  imported: string[];
  entries: ImportPreviewEntry[];
  moves: SecretMove[];
}

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; issues: ConfigIssue[] };

const MASK = '[redacted]';

/** A keychain account name for an env key: upper-case letters, digits and `_`, starting with a letter. */
export function secretNameFor(raw: string): string {
  const up = raw
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .slice(0, 120);
  return /^[A-Z]/.test(up) ? up : `K_${up}`;
}

/** A literal (no `${}`) env value that is a key: it looks like one, or its name says it is one. */
export function isKeyLiteral(key: string, value: string): boolean {
  return value !== '' && !value.includes('${') && (looksKeyValue(value) || looksSecretName(key));
}

export function planImport(base: AppConfig, text: string): PlanResult {
  const parsed = importClientConfig(text);
  if (!parsed.ok) return parsed;
  let config = base;
  const imported: string[] = [];
  const moves: SecretMove[] = [];
  for (const original of parsed.servers) {
    const { server, pending } = replaceLiterals(original, moves);
    const merged = mergeServers(config, [server]);
    const id = merged.imported[0];
    if (!id) continue; // the same server is already configured
    config = merged.config;
    imported.push(id);
    moves.push(...pending.map((m) => ({ ...m, serverId: id })));
  }
  const byId = new Map(config.servers.map((s) => [s.id, s]));
  const entries = imported.map((id) => describeEntry(byId.get(id) as ServerConfig, moves));
  return { ok: true, plan: { config, imported, entries, moves } };
}

/** Replaces key literals by `${NAME}`; the same name with a different value (another server's key) gets the id prefixed. */
function replaceLiterals(s: ServerConfig, earlier: SecretMove[]): { server: ServerConfig; pending: SecretMove[] } {
  const env = { ...s.env };
  const pending: SecretMove[] = [];
  for (const [key, value] of Object.entries(s.env)) {
    if (!isKeyLiteral(key, value)) continue;
    let name = secretNameFor(key);
    const clash = [...earlier, ...pending].some((m) => m.name === name && m.value !== value);
    if (clash) name = secretNameFor(`${s.id}_${key}`);
    env[key] = `\${${name}}`;
    pending.push({ serverId: s.id, envKey: key, name, value });
  }
  return { server: { ...s, env }, pending };
}

function describeEntry(s: ServerConfig, moves: SecretMove[]): ImportPreviewEntry {
  const secrets = new Set([...s.requiredEnv, ...(s.envPassthrough ?? []).filter((n) => n !== '*')]);
  for (const v of [...s.args, ...Object.values(s.env), ...Object.values(s.headers)]) for (const n of referencedVars(v)) secrets.add(n);
  const warnings: string[] = [];
  s.args.forEach((a, i) => {
    if (looksKeyValue(a)) warnings.push(`args[${i}] looks like a key: every local user can read args (ps); move it into "env"`);
  });
  for (const [k, v] of Object.entries(s.headers)) {
    if (v !== '' && !v.includes('${') && /\s\S{12,}$|^\S{20,}$/.test(v))
      warnings.push(`header ${k} holds a literal credential; prefer \${NAME} from the keychain`);
  }
  if ((s.envPassthrough ?? []).includes('*')) warnings.push('env_passthrough "*": inherits the whole environment, including every key');
  const target = s.transport === 'http' ? (s.url ?? '') : [s.command ?? '', ...s.args.map((a) => (looksKeyValue(a) ? MASK : a))].join(' ');
  return {
    id: s.id,
    name: s.name,
    transport: s.transport,
    target,
    secrets: [...secrets].sort(),
    movedToKeychain: moves.filter((m) => m.serverId === s.id).map((m) => ({ envKey: m.envKey, name: m.name })),
    autostart: s.enabled && s.autostart,
    warnings,
  };
}

/** Rewrites one entry's env after a move was stored under a different name than planned. */
export function renameMove(config: AppConfig, move: SecretMove, name: string): AppConfig {
  const servers = config.servers.map((s) => (s.id === move.serverId ? { ...s, env: { ...s.env, [move.envKey]: `\${${name}}` } } : s));
  return { ...config, servers };
}
