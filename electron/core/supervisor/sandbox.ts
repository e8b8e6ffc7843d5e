// Runs a stdio child under bubblewrap (issue 22 item 6). Pure: what to decide and the bwrap command
// line to spawn, from facts about the file system gathered beforehand (sandbox-host.ts).
//
// The child sees the whole file system read-only, minus what could hold secrets: /tmp, /var/tmp,
// /run/user (the session bus and the keyring's sockets), every home folder (other users' and the
// user's own) are blank tmpfs, and the data folder, config folder and ~/.ssh are blanked again last,
// so no `read`/`write` entry or working folder can bring them back. Only its working folder, its
// package cache (where npx/uvx put it) and the policy's paths are bound back in.
import type { SandboxPolicy, SandboxSetting, TransportKind } from '../../../shared/types.js';

/** How one server's "sandbox" setting plays out on this host. */
export interface SandboxDecision {
  sandboxed: boolean;
  /** The policy to apply when sandboxed. */
  policy?: SandboxPolicy;
  /** Why not, when it was asked for ("auto" falling back to off, or a policy that cannot be honoured). */
  reason?: string;
  /** True when the start must fail rather than run unsandboxed (an explicit policy without bwrap). */
  refuse?: boolean;
}

export interface SandboxSupport {
  platform: NodeJS.Platform;
  /** bwrap's absolute path, or null when it is not installed. */
  bwrap: string | null;
  /** Set when bwrap is installed but could not make a sandbox here (user namespaces turned off, for one). */
  bwrapProblem?: string;
}

const AUTO_POLICY: SandboxPolicy = { network: true, read: [], write: [] };

export function decideSandbox(setting: SandboxSetting | undefined, transport: TransportKind, host: SandboxSupport): SandboxDecision {
  if (setting === undefined || setting === 'off' || transport !== 'stdio') return { sandboxed: false };
  const missing =
    host.platform !== 'linux'
      ? `sandboxing needs Linux with bubblewrap; this is ${host.platform}`
      : host.bwrap === null
        ? 'bwrap (Debian/Ubuntu package "bubblewrap") is not installed'
        : (host.bwrapProblem ?? null);
  if (setting === 'auto')
    return missing ? { sandboxed: false, reason: `sandbox "auto" is off: ${missing}` } : { sandboxed: true, policy: AUTO_POLICY };
  // An explicit policy is a promise to the user: never silently run the child without it.
  if (missing) return { sandboxed: false, refuse: true, reason: `a sandbox policy is configured but ${missing}; not starting unsandboxed` };
  return { sandboxed: true, policy: setting };
}

/** Everything the command line is built from; paths are absolute and, where it matters, known to exist. */
export interface SandboxPlan {
  bwrap: string;
  /** The command resolved to an absolute path (the sandbox may not see the PATH entry it came from). */
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The configured working folder (bound read-write); absent: the child starts in its private /tmp. */
  cwd?: string;
  policy: SandboxPolicy;
  /** Existing folders replaced by an empty tmpfs first (temp folders, /run/user, homes). */
  blank: string[];
  /** Bound read-only so the command itself runs (its file, its install's bin and lib folders). */
  exec: string[];
  /** Package caches: npm's and uv's, writable only when the command is the package runner itself. */
  caches: { path: string; writable: boolean }[];
  /** The policy's paths with `~` expanded. */
  read: string[];
  write: string[];
  /** Existing secret folders blanked last (data, config, ~/.ssh, keyrings). */
  hideDirs: string[];
  /** Existing secret files replaced by /dev/null last (the config file when its folder holds the working folder). */
  hideFiles: string[];
}

export interface SandboxedLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The bwrap invocation for a plan. The order matters: later mounts cover earlier ones. */
export function bwrapCommand(p: SandboxPlan): SandboxedLaunch {
  const a: string[] = [
    // Its own PID namespace (no ancestor in /proc), gone with us, and no capabilities even when run as root
    // (root in the sandbox could otherwise unmount the blanks).
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--cap-drop',
    'ALL',
    ...(p.policy.network ? [] : ['--unshare-net']),
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
  ];
  for (const dir of p.blank) a.push('--tmpfs', dir);
  for (const path of p.exec) a.push('--ro-bind', path, path);
  for (const c of p.caches) a.push(c.writable ? '--bind' : '--ro-bind', c.path, c.path);
  // Not "-try": a policy path that does not exist is a mistake the user should see (bwrap names it).
  for (const path of p.read) a.push('--ro-bind', path, path);
  for (const path of p.write) a.push('--bind', path, path);
  if (p.cwd) a.push('--bind', p.cwd, p.cwd);
  for (const dir of p.hideDirs) a.push('--tmpfs', dir);
  for (const file of p.hideFiles) a.push('--ro-bind', '/dev/null', file);
  a.push('--chdir', p.cwd ?? '/tmp', '--', p.command, ...p.args);
  return { command: p.bwrap, args: a, env: sandboxEnv(p.env) };
}

/** The child's environment inside: no way to the session bus or the runtime folder, temp files in its own /tmp. */
function sandboxEnv(env: Record<string, string>): Record<string, string> {
  const out = { ...env };
  delete out.DBUS_SESSION_BUS_ADDRESS;
  delete out.XDG_RUNTIME_DIR;
  if (out.TMPDIR !== undefined) out.TMPDIR = '/tmp';
  return out;
}

/** A short description for the server's log. */
export function describeSandbox(p: SandboxPlan): string {
  const parts = [`network ${p.policy.network ? 'on' : 'off'}`, `working folder ${p.cwd ?? 'a private /tmp'}`];
  if (p.read.length) parts.push(`read-only ${p.read.join(', ')}`);
  if (p.write.length) parts.push(`writable ${p.write.join(', ')}`);
  return `sandboxed with bubblewrap (${parts.join('; ')})`;
}
