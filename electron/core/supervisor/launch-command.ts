// What a stdio child is actually spawned as. Built-ins run with this very executable and their
// compiled file; `npx -y <pkg>` entries run their package's bin directly, once it is installed
// (first by npx-install.ts when it is not yet), so npm's wrapper process (≈100 MB) does not sit
// beside every server for its whole life.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_MODELS_ENV } from '../../../shared/builtins.js';
import type { ServerConfig } from '../../../shared/types.js';
import { findAppRoot, builtinServersDir, packagedLocalModelsDir } from '../app-root.js';
import type { LaunchSpec } from './launch-env.js';
import { npxPackageState, resolveNpxBin } from './npx-resolve.js';

export interface LaunchTarget {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Human-readable note for the server log (how the command was chosen). */
  note?: string;
}

export interface LaunchHost {
  execPath: string;
  /** True inside Electron: its binary acts as Node only with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
  builtinServersDir: string;
  /** The packaged app's node-llama-cpp folder, passed to local_llama (see packagedLocalModelsDir). */
  localModelsDir?: string;
  cwd: string;
  homedir: string;
  platform: NodeJS.Platform;
}

function defaultLaunchHost(builtinDir: string | undefined, homedir: string): LaunchHost {
  const dir = builtinDir ?? builtinServersDir(findAppRoot(import.meta.url));
  return {
    execPath: process.execPath,
    electron: Boolean(process.versions.electron),
    builtinServersDir: dir,
    localModelsDir: packagedLocalModelsDir(dir),
    cwd: process.cwd(),
    homedir,
    platform: process.platform,
  };
}

export function builtinEntry(dir: string, name: string): string {
  return path.join(dir, `${name}.mjs`);
}

/**
 * Built-in servers retry their vendor HTTP calls (connection errors, 429, 5xx; Retry-After honoured) as
 * often as orchestrator.retry_attempts says, unless the entry's own env sets HTTP_MAX_ATTEMPTS.
 */
export function withVendorRetries(config: ServerConfig, spec: LaunchSpec, retryAttempts: number): LaunchSpec {
  if (config.builtin === undefined || spec.env.HTTP_MAX_ATTEMPTS !== undefined) return spec;
  return { ...spec, env: { ...spec.env, HTTP_MAX_ATTEMPTS: String(retryAttempts + 1) } };
}

/**
 * Installs an npx entry's package (`pkg` as written after `-y`) with the entry's `command`; rejects when it
 * could not. Called only when the package is not (completely) installed yet.
 */
export type NpxInstaller = (command: string, pkg: string) => Promise<void>;

/**
 * The command, args and env to spawn; `spec` already holds substituted args and the built env. With `install`,
 * an npx package that is not installed yet is installed first, then run directly like an installed one.
 */
/**
 * V8 flags of a built-in server. The built-ins wait on vendors' HTTP APIs and do little work of their own, while five
 * of them run at once: without V8's optimising compiler (SDK v2's schema code gets optimised otherwise, once a server
 * has answered initialize and tools/list) and with a 1 MB young generation, each stays about 8 MB smaller, at no cost
 * a vendor call would notice. Not `--lite-mode`, which also turns off WebAssembly and so Node's fetch. README,
 * Footprint and cold start.
 */
const BUILTIN_V8_FLAGS: readonly string[] = ['--no-opt', '--max-semi-space-size=1'];

export async function resolveLaunchTarget(
  config: ServerConfig,
  spec: LaunchSpec,
  host: LaunchHost,
  install?: NpxInstaller,
): Promise<LaunchTarget> {
  const asNode = host.electron ? { ...spec.env, ELECTRON_RUN_AS_NODE: '1' } : spec.env;
  if (config.builtin !== undefined) {
    // The child cannot rely on process.resourcesPath (plain Node has none): it is told where the app's copy is.
    const env =
      config.builtin === 'local_llama' && host.localModelsDir && spec.env[LOCAL_MODELS_ENV] === undefined
        ? { ...asNode, [LOCAL_MODELS_ENV]: host.localModelsDir }
        : asNode;
    return { command: host.execPath, args: [...BUILTIN_V8_FLAGS, builtinEntry(host.builtinServersDir, config.builtin), ...spec.args], env };
  }
  const command = config.command ?? '';
  if (!isNpx(command)) return { command, args: spec.args, env: spec.env };
  const npxHost = { cwd: config.cwd ?? host.cwd, env: spec.env, homedir: host.homedir, platform: host.platform };
  let bin = await resolveNpxBin(spec.args, npxHost);
  let removed = '';
  // Installed but not runnable directly (not a Node bin, several bins): npx runs it, as before.
  const pkg = bin || !install ? null : await npxPackageState(spec.args, npxHost);
  if (install && (pkg?.state === 'absent' || pkg?.state === 'broken')) {
    if (pkg.state === 'broken') {
      await rm(pkg.root, { recursive: true, force: true });
      removed = `; an incomplete earlier install was removed (${pkg.root})`;
    }
    await install(command, pkg.pkg);
    bin = await resolveNpxBin(spec.args, npxHost);
  }
  if (!bin) return { command, args: spec.args, env: spec.env, note: `via npx (package not installed yet, or not resolvable)${removed}` };
  // Under Electron, npx would have used the PATH's node; keep that Node rather than Electron's.
  const node = host.electron ? 'node' : host.execPath;
  return {
    command: node,
    args: [bin.file, ...bin.args],
    env: spec.env,
    note: `npx package ${bin.name}@${bin.version} run directly (${bin.file})${removed}`,
  };
}

function isNpx(command: string): boolean {
  const base = path.basename(command).toLowerCase();
  return base === 'npx' || base === 'npx.cmd';
}

/** The config and spec openConnection should spawn with (command/args/env swapped for the real target). */
export async function prepareLaunch(
  config: ServerConfig,
  spec: LaunchSpec,
  builtinDir: string | undefined,
  install?: NpxInstaller,
): Promise<{ config: ServerConfig; spec: LaunchSpec; note?: string }> {
  if (config.transport !== 'stdio') return { config, spec };
  const target = await resolveLaunchTarget(config, spec, defaultLaunchHost(builtinDir, os.homedir()), install);
  return { config: { ...config, command: target.command }, spec: { ...spec, args: target.args, env: target.env }, note: target.note };
}
