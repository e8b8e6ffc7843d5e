// GUI apps on macOS start with launchd's minimal PATH, so `npx`/`uvx` are not found.
// Ask the user's login shell for its PATH once and merge it into the children's PATH.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import type { Timers } from '../env.js';

const TIMEOUT_MS = 3000;
const cache = new Map<string, Promise<string | undefined>>();

/** The login shell's PATH, or undefined when there is no shell, it fails or it takes too long. Cached per shell. */
export function loginShellPath(timers: Timers, shell: string | undefined = process.env.SHELL): Promise<string | undefined> {
  if (!shell || process.platform === 'win32') return Promise.resolve(undefined);
  let pending = cache.get(shell);
  if (!pending) {
    pending = queryShell(shell, timers);
    cache.set(shell, pending);
  }
  return pending;
}

function queryShell(shell: string, timers: Timers): Promise<string | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      resolve(value);
    };
    // -i and -l so rc files that extend PATH (nvm, homebrew, asdf) run. Detached: its own session without a
    // controlling terminal, so an interactive shell cannot grab ours, and we can kill its whole group.
    const child = spawn(shell, ['-ilc', 'printf %s "$PATH"'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = timers.setTimeout(() => {
      killGroup(child.pid);
      finish(undefined);
    }, TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < 1 << 20) out += chunk;
    });
    child.on('error', () => finish(undefined));
    child.on('close', (code) => {
      // rc files may print banners; the PATH is what printf wrote last, after the final newline.
      const value = out.split('\n').pop()?.trim();
      finish(code === 0 && value ? value : undefined);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Union of two PATH strings: entries of `a` first, then new entries of `b`, no duplicates or empties. */
export function mergePath(a: string | undefined, b: string | undefined, sep: string = delimiter): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of [...(a ?? '').split(sep), ...(b ?? '').split(sep)]) {
    if (part && !seen.has(part)) {
      seen.add(part);
      out.push(part);
    }
  }
  return out.join(sep);
}
