// The file-system facts sandbox.ts needs: where bwrap is, where the command really lives, which
// caches, homes and secret folders exist. Synchronous and cheap (a few stat calls per start).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxPolicy, ServerConfig } from '../../../shared/types.js';
import { bwrapCommand, decideSandbox, describeSandbox, type SandboxPlan, type SandboxSupport } from './sandbox.js';

export interface SandboxHost extends SandboxSupport {
  homedir: string;
  /** The orchestrator's data folder (token files, client tokens, audit log): never visible inside. */
  dataDir: string;
  /** The config file; its folder is hidden too. */
  configPath?: string;
  /** The orchestrator's environment (XDG folders for the keyrings). */
  processEnv: Record<string, string | undefined>;
}

export interface SandboxHostOptions {
  processEnv: Record<string, string | undefined>;
  dataDir: string;
  configPath?: string;
  /** undefined: look bwrap up on PATH; null: treat it as missing (tests); a path: use that one. */
  bwrapPath?: string | null;
  platform?: NodeJS.Platform;
}

export function sandboxHost(o: SandboxHostOptions): SandboxHost {
  const platform = o.platform ?? process.platform;
  const bwrap =
    platform !== 'linux' ? null : o.bwrapPath === undefined ? findExecutable('bwrap', searchPath(o.processEnv.PATH)) : o.bwrapPath;
  const problem = bwrap === null ? undefined : bwrapProblem(bwrap);
  return {
    platform,
    bwrap,
    ...(problem ? { bwrapProblem: problem } : {}),
    homedir: o.processEnv.HOME || os.homedir(),
    dataDir: path.resolve(o.dataDir),
    ...(o.configPath ? { configPath: path.resolve(o.configPath) } : {}),
    processEnv: o.processEnv,
  };
}

/**
 * Installed is not enough: bwrap fails where unprivileged user namespaces are turned off (a sysctl, or AppArmor on
 * some distributions). One tiny sandbox, once per supervisor, tells; "auto" then falls back to off, saying why.
 */
function bwrapProblem(bwrap: string): string | undefined {
  const r = spawnSync(bwrap, ['--ro-bind', '/', '/', '--unshare-pid', '--die-with-parent', '--', 'true'], {
    encoding: 'utf8',
    timeout: 5000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status === 0) return undefined;
  const why = r.error?.message ?? (r.stderr?.trim().split('\n').at(-1) || `exit ${r.status ?? r.signal}`);
  return `bwrap (${bwrap}) cannot create a sandbox here: ${why}`;
}

// A GUI session's PATH may lack the system folders; bwrap is normally in /usr/bin.
function searchPath(envPath: string | undefined): string[] {
  return [...(envPath ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/bin', '/usr/local/bin'];
}

function findExecutable(name: string, dirs: string[]): string | null {
  for (const dir of dirs) {
    const file = path.resolve(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const exists = (p: string) => fs.statSync(p, { throwIfNoEntry: false }) !== undefined;
const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith('/') ? parent : parent + '/');
const realOr = (p: string) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

export interface SandboxTarget {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** Gathers the plan for one launch; throws (with a reason for the log) when the command cannot be found. */
export function planSandbox(t: SandboxTarget, policy: SandboxPolicy, host: SandboxHost & { bwrap: string }): SandboxPlan {
  const home = host.homedir;
  const command = resolveCommand(t.command, t.env.PATH, t.cwd);
  const expand = (p: string) => path.resolve(p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  const cwd = t.cwd ? realOr(expand(t.cwd)) : undefined;
  const caches = packageCaches(t.env, home, path.basename(command));
  const read = policy.read.map(expand);
  const write = policy.write.map(expand);
  const blank = dedupe(['/tmp', '/var/tmp', '/run/user', '/home', '/root', home].filter((d) => d !== '/' && isDir(d)));
  // Only what the blanks would take away needs binding back (an nvm node, a uvx in ~/.local/bin, and the
  // package of a script named by path, such as `node ~/servers/notes/index.js` or a project checked out in /tmp).
  const exec = [...execPaths(command), ...scriptPackages(t.args, expand, blank)].filter((p) => blank.some((b) => within(p, b)));
  const bound = [...(cwd ? [cwd] : []), ...caches.map((c) => c.path), ...read, ...write, ...exec];
  // The config folder is hidden whole unless it holds something the child needs; then just the file.
  const configDir = host.configPath ? path.dirname(host.configPath) : undefined;
  const hideConfigDir = configDir !== undefined && !bound.some((b) => within(b, configDir));
  const xdgData = host.processEnv.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const secretDirs = [
    host.dataDir,
    ...(hideConfigDir ? [configDir] : []),
    path.join(home, '.ssh'),
    path.join(home, '.gnupg'),
    path.join(xdgData, 'keyrings'),
  ];
  return {
    bwrap: host.bwrap,
    command,
    args: t.args,
    env: t.env,
    ...(cwd ? { cwd } : {}),
    policy,
    blank,
    exec,
    caches,
    read,
    write,
    hideDirs: dedupe(secretDirs.filter(isDir)),
    hideFiles: !hideConfigDir && host.configPath && exists(host.configPath) ? [host.configPath] : [],
  };
}

/**
 * For each argument that names an existing file by absolute (or `~/`) path, the folder of the project whose
 * node_modules holds it, or else of the package it belongs
 * to (the nearest one up with a package.json or pyproject.toml, below the blanked folders), else its own folder (or
 * the file alone when that folder is a blanked one):
 * a script imports its neighbours and its node_modules. Bound read-only; the secret folders are hidden again after.
 */
function scriptPackages(args: string[], expand: (p: string) => string, blank: string[]): string[] {
  const out = new Set<string>();
  // Never a folder that holds a blanked one (a project folder that holds a home, say): the next narrower choice.
  const holdsBlank = (dir: string) => blank.some((b) => within(b, dir));
  for (const arg of args) {
    if (!(arg.startsWith('/') || arg.startsWith('~/'))) continue;
    const file = realOr(expand(arg));
    if (!exists(file) || isDir(file)) continue;
    const candidates: string[] = [];
    // An installed package needs the node_modules it was installed in (its dependencies sit beside it, hoisted):
    // the project that holds the outermost node_modules, or else that node_modules folder.
    const installed = file.indexOf(`${path.sep}node_modules${path.sep}`);
    if (installed > 0) candidates.push(file.slice(0, installed), file.slice(0, installed) + `${path.sep}node_modules`);
    let manifest: string | undefined;
    for (let dir = path.dirname(file); dir !== path.dirname(dir) && !blank.includes(dir); dir = path.dirname(dir)) {
      manifest = ['package.json', 'pyproject.toml'].map((m) => path.join(dir, m)).find(exists);
      if (manifest) {
        candidates.push(dir);
        break;
      }
    }
    candidates.push(path.dirname(file), file);
    const pick = candidates.find((c) => c === file || (!blank.includes(c) && !holdsBlank(c)));
    if (pick) out.add(pick);
    // Bound narrower than its package, the script still needs the package's manifest: Node reads "type" there.
    if (pick && manifest && !within(manifest, pick)) out.add(manifest);
  }
  return [...out];
}

function resolveCommand(command: string, envPath: string | undefined, cwd: string | undefined): string {
  if (command.includes('/')) return path.resolve(cwd ?? process.cwd(), command);
  const found = findExecutable(command, (envPath ?? '').split(path.delimiter).filter(Boolean));
  if (!found) throw new Error(`${command} was not found on the child's PATH`);
  return found;
}

/**
 * The command's file, and for an install laid out as <prefix>/bin/<name> (nvm, volta, ~/.local) its bin
 * folder, plus <prefix>/lib when it holds node_modules (npx and npm are scripts there that need node beside them).
 */
function execPaths(command: string): string[] {
  const out = new Set<string>();
  for (const file of [command, realOr(command)]) {
    if (!exists(file)) continue;
    out.add(file);
    const dir = path.dirname(file);
    if (path.basename(dir) !== 'bin') continue;
    out.add(dir);
    const lib = path.join(path.dirname(dir), 'lib');
    if (isDir(path.join(lib, 'node_modules'))) out.add(lib);
  }
  return [...out];
}

/**
 * npm's and uv's caches (and uv's tool/Python folder): the package an npx/uvx server runs lives there. Writable
 * only for the runner itself (npx fetching a package, uvx installing one); a server already installed and run
 * directly gets them read-only, so it cannot plant code that another server would later run.
 */
function packageCaches(env: Record<string, string>, home: string, commandName: string): { path: string; writable: boolean }[] {
  const npmRunner = ['npx', 'npm'].includes(commandName);
  const uvRunner = ['uvx', 'uv'].includes(commandName);
  const npm = env.npm_config_cache || env.NPM_CONFIG_CACHE || path.join(home, '.npm');
  const uvCache = env.UV_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'uv');
  const uvData = path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'uv');
  const list = [
    { path: npm, writable: npmRunner },
    { path: uvCache, writable: uvRunner },
    { path: uvData, writable: uvRunner },
  ];
  return list.map((c) => ({ ...c, path: path.resolve(c.path) })).filter((c) => isDir(c.path));
}

function dedupe(list: string[]): string[] {
  return [...new Set(list.map((p) => path.resolve(p)))];
}

/**
 * The target to spawn for a stdio server: wrapped in bwrap when its "sandbox" setting asks for it and this
 * host can. Throws when an explicit policy cannot be honoured or the command cannot be found. `note` gets
 * one line for the server's log.
 */
export function wrapInSandbox(config: ServerConfig, t: SandboxTarget, host: SandboxHost, note: (line: string) => void): SandboxTarget {
  const d = decideSandbox(config.sandbox, config.transport, host);
  if (d.refuse) throw new Error(d.reason);
  if (!d.sandboxed || !d.policy || host.bwrap === null) {
    if (d.reason) note(d.reason);
    return t;
  }
  const plan = planSandbox(t, d.policy, { ...host, bwrap: host.bwrap });
  note(describeSandbox(plan));
  return { ...bwrapCommand(plan), ...(t.cwd ? { cwd: t.cwd } : {}) };
}
