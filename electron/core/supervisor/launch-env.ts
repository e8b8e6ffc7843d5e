// What a child is launched with: its environment, and args/headers with `${VAR}` filled in.
import { referencedVars, substituteVars } from '../../../shared/substitute.js';
import type { ServerConfig } from '../../../shared/types.js';
import { mergePath } from './shell-path.js';

export interface LaunchSpec {
  args: string[];
  env: Record<string, string>;
  headers: Record<string, string>;
  /** Presence of each required name; values never leave the core. */
  presence: Record<string, boolean>;
  missingRequired: string[];
  /** Referenced by `${VAR}` but not resolvable (left empty). */
  unresolved: string[];
}

/** Every name the launch needs looked up: required ones and those referenced in args/env/headers. */
export function namesToResolve(config: ServerConfig): string[] {
  const names = new Set(config.requiredEnv);
  const values = [...config.args, ...Object.values(config.env), ...Object.values(config.headers)];
  for (const v of values) for (const n of referencedVars(v)) names.add(n);
  return [...names];
}

const present = (v: string | undefined): v is string => v !== undefined && v !== '';

export function buildLaunchSpec(
  config: ServerConfig,
  resolved: Record<string, string | undefined>,
  processEnv: Record<string, string | undefined>,
  loginPath?: string,
): LaunchSpec {
  const presence: Record<string, boolean> = {};
  for (const name of config.requiredEnv) presence[name] = present(resolved[name]);
  const missingRequired = config.requiredEnv.filter((n) => !presence[n]);
  const unresolved = new Set<string>();
  const lookup = (name: string) => (present(resolved[name]) ? resolved[name] : undefined);
  const sub = (value: string) => {
    const r = substituteVars(value, lookup);
    r.missing.forEach((n) => unresolved.add(n));
    return r.value;
  };
  const subAll = (rec: Record<string, string>) =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, sub(v)]));

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
  if (loginPath) env.PATH = mergePath(env.PATH, loginPath);
  for (const name of config.requiredEnv) if (present(resolved[name])) env[name] = resolved[name] as string;
  Object.assign(env, subAll(config.env));

  return {
    args: config.args.map(sub),
    env,
    headers: subAll(config.headers),
    presence,
    missingRequired,
    unresolved: [...unresolved],
  };
}
