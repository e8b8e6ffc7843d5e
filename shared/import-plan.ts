// What importing a client config would do, computed before anything is written or started: the entries it
// adds (command line or URL, the secrets each references, collisions), the key-shaped literal `env` values that
// will move into the keychain (replaced by `${NAME}`), and the VS Code inputs to ask for. Pure: the core and the
// CLI store the keys and edit the file (electron/core/config/import-flow.ts).
import { IMPORTED_APPROVAL } from './approval.js';
import { importClientConfig, mergeServers } from './config-schema.js';
import { isReservedName, looksKeyValue, looksSecretName } from './env-names.js';
import { collisionsOf } from './import-collisions.js';
import { readInputs, secretNameFor, translateEntry, type InputSpec, type VariableContext } from './import-variables.js';
import { referencedVars } from './substitute.js';
import type { AppConfig, ConfigIssue, ImportPreviewEntry, ServerConfig } from './types.js';

export { secretNameFor, type VariableContext } from './import-variables.js';

/** One literal `env` value to move: stored under `name`, the entry's env then says `${name}`. */
export interface SecretMove {
  serverId: string;
  envKey: string;
  name: string;
  value: string;
}

export interface ImportPlan {
  /** The current config with the new entries appended (for checks; the file itself is edited, not rewritten). */
  config: AppConfig;
  /** The new entries as they will be written, in order. */
  added: ServerConfig[];
  imported: string[];
  entries: ImportPreviewEntry[];
  moves: SecretMove[];
  /** VS Code inputs the new entries use; each becomes a keychain secret. */
  inputs: InputSpec[];
}

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; issues: ConfigIssue[] };

const MASK = '[redacted]';

/** A literal (no `${}`) env value that is a key: it looks like one, or its name says it is one. */
function isKeyLiteral(key: string, value: string): boolean {
  return value !== '' && !value.includes('${') && (looksKeyValue(value) || looksSecretName(key));
}

export function planImport(base: AppConfig, text: string, variables: VariableContext): PlanResult {
  let inputs: Map<string, InputSpec> | null = null;
  const usedInputs = new Map<string, string[]>();
  const parsed = importClientConfig(text, {
    prepare: (entry, id, at, root, issues) => {
      inputs ??= readInputs(root);
      const t = translateEntry(entry, at, variables, inputs, issues);
      usedInputs.set(id, t.used);
      return t.entry;
    },
  });
  if (!parsed.ok) return parsed;
  let config = base;
  const imported: string[] = [];
  const moves: SecretMove[] = [];
  const collisions = new Map<string, string[]>();
  const usedBy = new Map<string, string[]>();
  for (const original of parsed.servers) {
    const { server, pending } = replaceLiterals(original, moves);
    const taken = new Set(config.servers.map((s) => s.id));
    const merged = mergeServers(config, [requireReferenced(server)]);
    const id = merged.imported[0];
    if (!id) continue; // the same server is already configured
    config = withImportedApproval(merged.config);
    imported.push(id);
    moves.push(...pending.map((m) => ({ ...m, serverId: id })));
    for (const inputId of usedInputs.get(original.id) ?? []) usedBy.set(inputId, [...(usedBy.get(inputId) ?? []), id]);
    const added = config.servers[config.servers.length - 1];
    collisions.set(id, collisionsOf(added, original.id, taken, config.servers));
  }
  const byId = new Map(config.servers.map((s) => [s.id, s]));
  const added = imported.map((id) => byId.get(id) as ServerConfig);
  const entries = added.map((s) => describeEntry(s, moves, collisions.get(s.id) ?? []));
  const used = [...(inputs ?? new Map<string, InputSpec>()).values()]
    .filter((i) => usedBy.has(i.id))
    .map((i) => ({ ...i, usedBy: usedBy.get(i.id) ?? [] }));
  return { ok: true, plan: { config, added, imported, entries, moves, inputs: used } };
}

/**
 * An imported entry asks before risky calls unless it says otherwise (shared/approval.ts): it comes from
 * another app's file, unreviewed. Written into the entry, so the file shows it and the user can change it.
 */
function withImportedApproval(config: AppConfig): AppConfig {
  const servers = [...config.servers];
  const last = servers.length - 1;
  const added = servers[last];
  if (!added || added.approval !== undefined) return config;
  servers[last] = { ...added, approval: IMPORTED_APPROVAL };
  return { ...config, servers };
}

/**
 * Every `${NAME}` in the entry's env and headers joins its `required_env`: the app it came from filled them in,
 * so one that is missing here keeps the server waiting with "missing key", never started with an empty value.
 * (Not args: a declared name in args is a config error, since args are visible to every local user.)
 */
function requireReferenced(s: ServerConfig): ServerConfig {
  const names = new Set(s.requiredEnv);
  for (const v of [...Object.values(s.env), ...Object.values(s.headers)]) {
    for (const n of referencedVars(v)) if (!isReservedName(n)) names.add(n);
  }
  return names.size === s.requiredEnv.length ? s : { ...s, requiredEnv: [...names] };
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

function describeEntry(s: ServerConfig, moves: SecretMove[], collisions: string[]): ImportPreviewEntry {
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
    collisions,
    warnings,
  };
}

const renameIn = (v: string, from: string, to: string) => v.split(`\${${from}}`).join(`\${${to}}`);

/** The plan after a move is stored under a different name than planned: its entry's env and required_env follow. */
export function renameMove(plan: ImportPlan, move: SecretMove, name: string): ImportPlan {
  const rename = (s: ServerConfig): ServerConfig => {
    if (s.id !== move.serverId) return s;
    const requiredEnv = [...new Set(s.requiredEnv.map((n) => (n === move.name ? name : n)))];
    return { ...s, env: { ...s.env, [move.envKey]: renameIn(s.env[move.envKey] ?? '', move.name, name) }, requiredEnv };
  };
  const moves = plan.moves.map((m) => (m === move ? { ...m, name } : m));
  const entries = plan.entries.map((e) =>
    e.id === move.serverId
      ? {
          ...e,
          secrets: [...new Set(e.secrets.map((n) => (n === move.name ? name : n)))].sort(),
          movedToKeychain: e.movedToKeychain.map((m) => (m.envKey === move.envKey ? { ...m, name } : m)),
        }
      : e,
  );
  return {
    ...plan,
    config: { ...plan.config, servers: plan.config.servers.map(rename) },
    added: plan.added.map(rename),
    moves,
    entries,
  };
}
