// Kills our stdio children when the orchestrator dies without stopping them (SIGKILL, OOM
// killer, a crash). Well-behaved servers exit on stdin EOF by themselves; this catches the
// ones that ignore both EOF and SIGTERM.
//
// One tiny /bin/sh per orchestrator process (not per child, ~1 MB RSS): it reads "+PID" and
// "-PID" lines on its stdin, a pipe from us. Each PID leads its child's process group (see
// process-group.ts). Whatever way we die, the kernel closes that pipe; the shell then TERMs every
// group still listed (the children and all their descendants that stayed in it), waits up to 2 s,
// and KILLs the groups with survivors. It runs in its own process group so a Ctrl-C in the
// terminal (which we handle by stopping children properly) does not take it down first, and
// with a bare environment so no copy of a secret sits in its /proc/PID/environ.
//
// Windows has no /bin/sh and no process groups of this kind: there the watchdog is off and a
// SIGKILLed orchestrator can leave a stubborn child behind (a Job object would be the fix).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { signalGroup } from './process-group.js';

export interface PidGuard {
  /** `pid` leads its own process group: the whole group is killed if we die. */
  track(pid: number): void;
  untrack(pid: number): void;
}

const SCRIPT = `
trap '' INT HUP
groups=""
while read -r line; do
  case "$line" in
    +*) groups="$groups -\${line#+}" ;;
    -*) n=""; for q in $groups; do [ "$q" = "-\${line#-}" ] || n="$n $q"; done; groups=$n ;;
  esac
done
[ -z "$groups" ] && exit 0
kill -TERM $groups 2>/dev/null
for _ in 1 2; do
  sleep 1
  alive=""
  for q in $groups; do kill -0 "$q" 2>/dev/null && alive="$alive $q"; done
  groups=$alive
  [ -z "$groups" ] && exit 0
done
kill -KILL $groups 2>/dev/null
exit 0
`;

export class OrphanWatchdog implements PidGuard {
  private shell: ChildProcess | undefined;
  private readonly pids = new Set<number>();
  private disabled = process.platform === 'win32';

  track(pid: number): void {
    this.pids.add(pid);
    this.write(`+${pid}\n`);
  }

  untrack(pid: number): void {
    if (this.pids.delete(pid)) this.write(`-${pid}\n`);
  }

  /** SIGKILLs every tracked child's group now (a shutdown out of time); returns how many there were. */
  killAll(): number {
    for (const pid of this.pids) signalGroup(pid, 'SIGKILL');
    return this.pids.size;
  }

  /** The watchdog shell's pid (tests), starting it if needed; undefined where it is off. */
  pid(): number | undefined {
    return this.ensure()?.pid;
  }

  private write(line: string): void {
    const shell = this.ensure();
    if (shell?.stdin?.writable) shell.stdin.write(line);
  }

  private ensure(): ChildProcess | undefined {
    if (this.disabled) return undefined;
    if (this.shell) return this.shell;
    let shell: ChildProcess;
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      shell = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, env });
    } catch {
      this.disabled = true;
      return undefined;
    }
    this.shell = shell;
    shell.on('error', () => {
      this.disabled = true;
      this.shell = undefined;
    });
    shell.stdin?.on('error', () => undefined);
    shell.on('exit', () => {
      // Someone killed it: a new one gets the current list on the next change.
      if (this.shell === shell) this.shell = undefined;
    });
    // Neither the shell nor our end of its pipe may keep this process alive.
    shell.unref();
    (shell.stdin as Socket | null)?.unref();
    if (this.pids.size && shell.stdin) shell.stdin.write([...this.pids].map((p) => `+${p}\n`).join(''));
    return shell;
  }
}

let shared: OrphanWatchdog | undefined;

/** The process-wide watchdog, created on first use. */
export function orphanWatchdog(): OrphanWatchdog {
  shared ??= new OrphanWatchdog();
  return shared;
}
