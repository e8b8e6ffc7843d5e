// Linux keeps the environment a process was started with in its own memory, and /proc/PID/environ
// shows that block to every process of the same user, whatever the process did to process.env since:
// a child could read the keys exported to us from /proc/$PPID/environ. So, before any child starts,
// we blank the values in that block (the addresses are fields 50-51 of /proc/self/stat; the write
// goes through /proc/self/mem) after moving each one into process.env's own copy on the heap, which
// /proc does not show. Names and layout stay, so tools that parse the file still can.
//
// The rule is deny by default: every value is blanked except those of a short list of names that
// never hold a secret (KEEP_NAMES, LC_*, XDG_*). A secret's name cannot be told from its value
// (`DATABASE_URL=postgres://user:password@...`), and the config may name any variable.
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

const KEEP_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'COLORTERM',
  'LANG',
  'LANGUAGE',
  'TZ',
  'PWD',
  'OLDPWD',
  'SHLVL',
  'HOSTNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'NODE_ENV',
  '_',
]);

/** True for the names whose values stay visible in /proc/PID/environ. */
export function keepsValue(name: string): boolean {
  return KEEP_NAMES.has(name) || name.startsWith('LC_') || name.startsWith('XDG_');
}

export interface ValueRange {
  name: string;
  /** Byte offsets of the value within the block (the bytes after `NAME=`, up to the NUL). */
  start: number;
  end: number;
}

/** The value ranges to blank in a NUL-separated `NAME=value` block. */
export function valueRanges(block: Buffer, keep: (name: string) => boolean = keepsValue): ValueRange[] {
  const out: ValueRange[] = [];
  let at = 0;
  while (at < block.length) {
    let end = block.indexOf(0, at);
    if (end === -1) end = block.length;
    const eq = block.indexOf(0x3d, at); // '='
    if (eq > at && eq < end) {
      const name = block.toString('utf8', at, eq);
      if (end > eq + 1 && !keep(name)) out.push({ name, start: eq + 1, end });
    }
    at = end + 1;
  }
  return out;
}

export type ScrubResult =
  | { ok: true; blanked: string[] }
  /** Not Linux, or the kernel refused (e.g. /proc/self/mem not writable): the block still holds the values. */
  | { ok: false; reason: string };

/** Fields 50 and 51 of /proc/self/stat: where the initial environment block starts and ends. */
function envBounds(): { start: number; end: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Field 2 (the command name) may hold spaces and parentheses: count from the last ')', which ends it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { start: field(50), end: field(51) };
}

/**
 * Blanks (with spaces) the values of this process's initial environment block, keeping each in
 * process.env. Call before any child starts. `env` is the process.env to keep working.
 */
export function scrubInitialEnviron(env: NodeJS.ProcessEnv = process.env, keep = keepsValue): ScrubResult {
  if (process.platform !== 'linux') return { ok: false, reason: `not needed on ${process.platform}` };
  let fd: number | undefined;
  try {
    const { start, end } = envBounds();
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start)
      throw new Error('no environment bounds in /proc/self/stat');
    fd = openSync('/proc/self/mem', 'r+');
    const block = Buffer.alloc(end - start);
    readSync(fd, block, 0, block.length, start);
    const ranges = valueRanges(block, keep);
    // Move each value to the heap first (setenv copies it and repoints environ), so getenv and
    // process.env stop reading the block before it is blanked.
    const values = new Map<string, string>();
    for (const r of ranges) {
      const v = env[r.name];
      if (v !== undefined && !values.has(r.name)) values.set(r.name, v);
    }
    for (const [name, v] of values) env[name] = v;
    for (const r of ranges) writeSync(fd, Buffer.alloc(r.end - r.start, 0x20), 0, r.end - r.start, start + r.start);
    // Belt and braces: a value some libc still read from the block is put back from our copy.
    for (const [name, v] of values) if (env[name] !== v) env[name] = v;
    return { ok: true, blanked: [...new Set(ranges.map((r) => r.name))] };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
