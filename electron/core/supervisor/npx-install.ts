// Installs an `npx -y <pkg>` entry's package into npx's own cache before its first start, so that
// the server then runs as `node <bin>`: no `npm exec` wrapper (≈100-240 MB) stays beside it, the
// download does not count against the start timeout, and a download cut short is never started
// (npx-resolve.ts only runs a complete install). It runs the entry's own npx, with the entry's
// environment (registry, cache and proxy settings included), as
//   npx --yes --package <pkg> --call "exit 0"
// which installs into the same cache folder as `npx -y <pkg>` (npm names it after the package list)
// and then runs nothing but `exit 0` in a shell.
import { spawn } from 'node:child_process';
import type { Timers } from '../env.js';
import { LineSplitter } from './log-buffer.js';
import type { PidGuard } from './orphan-watchdog.js';
import { PROCESS_GROUPS, signalGroup } from './process-group.js';

/** Why an install did not happen; `spawnFailed` when npx itself could not be run (retrying will not help). */
export class NpxInstallError extends Error {
  constructor(
    message: string,
    readonly spawnFailed = false,
  ) {
    super(message);
  }
}

/** A first download of a big package tree on a slow line; bounded all the same. */
const NPX_INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface NpxInstallOptions {
  /** The entry's npx (a bare `npx`, a path, or `npx.cmd` on Windows). */
  command: string;
  /** The package spec as written after `-y` (`name` or `name@1.2.3`). */
  pkg: string;
  env: Record<string, string>;
  cwd?: string;
  signal: AbortSignal;
  onLine: (line: string) => void;
  guard?: PidGuard;
  timeoutMs?: number;
  graceMs: number;
  timers: Timers;
}

/** Resolves once npx installed the package; rejects with the reason otherwise (cancelled, timed out, failed). */
export function installNpxPackage(o: NpxInstallOptions): Promise<void> {
  const args = ['--yes', '--package', o.pkg, '--call', 'exit 0'];
  const win = process.platform === 'win32';
  // Windows runs npx.cmd only through a shell (Node refuses to spawn a .cmd directly); the package spec
  // was checked to be a plain name and version, so only the command and "exit 0" need quotes.
  const quote = (a: string) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '')}"` : a);
  const child = win
    ? spawn([o.command, ...args].map(quote).join(' '), {
        env: o.env,
        cwd: o.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: true,
        windowsHide: true,
      })
    : spawn(o.command, args, { env: o.env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: PROCESS_GROUPS });
  const pid = child.pid;
  if (pid !== undefined) o.guard?.track(pid);
  let last = '';
  const split = new LineSplitter((line) => {
    if (line.trim()) last = line.trim();
    o.onLine(line);
  });
  const decoder = new TextDecoder();
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => split.write(decoder.decode(chunk, { stream: true })));

  return new Promise<void>((resolve, reject) => {
    let stopping: string | undefined;
    const end = (why: string) => {
      if (stopping || pid === undefined) return;
      stopping = why;
      signalGroup(pid, 'SIGTERM');
      o.timers.setTimeout(() => signalGroup(pid, 'SIGKILL'), o.graceMs).unref();
    };
    const onAbort = () => end('install cancelled');
    o.signal.addEventListener('abort', onAbort, { once: true });
    if (o.signal.aborted) onAbort();
    const timer = o.timers.setTimeout(
      () => end(`npx did not install ${o.pkg} within ${o.timeoutMs ?? NPX_INSTALL_TIMEOUT_MS} ms`),
      o.timeoutMs ?? NPX_INSTALL_TIMEOUT_MS,
    );
    const settle = (err: NpxInstallError | null) => {
      o.timers.clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      split.flush();
      if (pid !== undefined) o.guard?.untrack(pid);
      if (err) reject(err);
      else resolve();
    };
    child.once('error', (err) => settle(new NpxInstallError(`could not run ${o.command} to install ${o.pkg}: ${err.message}`, true)));
    child.once('close', (code, signal) => {
      if (stopping) return settle(new NpxInstallError(stopping));
      if (code === 0) return settle(null);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      settle(new NpxInstallError(`npx could not install ${o.pkg} (exit ${how})${last ? `: ${last}` : ''}`));
    });
  });
}
