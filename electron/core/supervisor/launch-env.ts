// What a child is launched with: its environment, and args/headers with `${VAR}` filled in.
// The environment is built, never inherited: a small base, the entry's own `env`, the names it declares
// (required_env, env_passthrough, a built-in's optional names) and the `${VAR}`s it references.
// Nothing else crosses, so a third-party server never sees another vendor's key.
import { builtinOf, BUILTIN_SERVERS } from '../../../shared/builtins.js';
import { isReservedName } from '../../../shared/env-names.js';
import { referencedVars, substituteVars } from '../../../shared/substitute.js';
import type { ServerConfig } from '../../../shared/types.js';

export interface LaunchSpec {
  args: string[];
  env: Record<string, string>;
  headers: Record<string, string>;
  /** Presence of each required name; values never leave the core. */
  presence: Record<string, boolean>;
  missingRequired: string[];
  /** Referenced by `${VAR}` but not resolvable (left empty). */
  unresolved: string[];
  /** True with `env_passthrough: ["*"]`: the child inherits everything (minus reserved names). */
  inheritsAll: boolean;
}

// What the MCP SDK's getDefaultEnvironment() passes, per platform.
const POSIX_BASE = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];
const WINDOWS_BASE = [
  'APPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PROCESSOR_ARCHITECTURE',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'USERNAME',
  'USERPROFILE',
  'PROGRAMFILES',
];
// Locale, temp folder, corporate proxies and CA bundles: needed to work at all behind a proxy, not secrets.
const COMMON_BASE = [
  'LANG',
  'LANGUAGE',
  'TMPDIR',
  'NODE_EXTRA_CA_CERTS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
];

/** The base names for a platform; `LC_*` is matched separately. */
function baseEnvNames(platform: NodeJS.Platform = process.platform): string[] {
  return [...(platform === 'win32' ? WINDOWS_BASE : POSIX_BASE), ...COMMON_BASE];
}

/** Names the entry asks for beyond its own `env`: env_passthrough plus a built-in's optional ones ("*" excluded). */
function declaredOptional(config: ServerConfig): string[] {
  const builtin = config.builtin ?? builtinOf(config.command, config.args);
  const names = [...(config.envPassthrough ?? []), ...(builtin ? BUILTIN_SERVERS[builtin].optional : [])];
  return names.filter((n) => n !== '*' && !isReservedName(n));
}

/** Every name the launch needs looked up: required, declared optional ones and those referenced in args/env/headers. */
export function namesToResolve(config: ServerConfig): string[] {
  const names = new Set([...config.requiredEnv, ...declaredOptional(config)]);
  for (const v of referencedValues(config)) for (const n of referencedVars(v)) names.add(n);
  return [...names].filter((n) => !isReservedName(n));
}

function referencedValues(config: ServerConfig): string[] {
  return [...config.args, ...Object.values(config.env), ...Object.values(config.headers)];
}

const present = (v: string | undefined): v is string => v !== undefined && v !== '';

/** The inherited part of a child's environment: the base names, or everything (minus reserved) with "*". */
export function inheritedEnv(
  processEnv: Record<string, string | undefined>,
  all: boolean,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  // Windows variable names are case-insensitive (`Path`), POSIX ones are not.
  const fold = (n: string) => (platform === 'win32' ? n.toUpperCase() : n);
  const base = new Set(baseEnvNames(platform).map(fold));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(processEnv)) {
    if (v === undefined || isReservedName(k)) continue;
    // Exported shell functions (bash `BASH_FUNC_x%%=() {...}`) are never useful to a child; the SDK drops them too.
    if (v.startsWith('()')) continue;
    if (all || base.has(fold(k)) || k.startsWith('LC_')) out[k] = v;
  }
  return out;
}

export function buildLaunchSpec(
  config: ServerConfig,
  resolved: Record<string, string | undefined>,
  processEnv: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): LaunchSpec {
  const presence: Record<string, boolean> = {};
  for (const name of config.requiredEnv) presence[name] = present(resolved[name]);
  const missingRequired = config.requiredEnv.filter((n) => !presence[n]);
  const unresolved = new Set<string>();
  const referenced = new Set<string>();
  // Reserved names never resolve, whatever the resolver returned.
  const lookup = (name: string) => (!isReservedName(name) && present(resolved[name]) ? resolved[name] : undefined);
  const sub = (value: string) => {
    const r = substituteVars(value, lookup);
    r.missing.forEach((n) => unresolved.add(n));
    referencedVars(value).forEach((n) => referenced.add(n));
    return r.value;
  };
  const subAll = (rec: Record<string, string>) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, sub(v)]));

  const inheritsAll = (config.envPassthrough ?? []).includes('*');
  const args = config.args.map(sub);
  const ownEnv = subAll(config.env);
  const headers = subAll(config.headers);
  const env = inheritedEnv(processEnv, inheritsAll, platform);
  // Declared and referenced names, in rising precedence; the entry's own `env` wins over all of them.
  for (const name of [...declaredOptional(config), ...referenced, ...config.requiredEnv]) {
    const value = lookup(name);
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, ownEnv);

  return { args, env, headers, presence, missingRequired, unresolved: [...unresolved], inheritsAll };
}
