// The gateway's tasks (Tasks extension, SEP-2663): the task id a client sees → the child that holds the task, the
// child's own task id, and the credential and endpoint that created it. A client never sees a child's id: its ids
// are random (not guessable, not derived from the child's), and an id is only found again by the same credential on
// the same endpoint; for anyone else it does not exist (the caller answers -32602, as for an unknown id).
// Bounded in count (per credential and in all) and in time on the env clock: an entry lives `ttlMs` past its last use.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../env.js';

export interface TaskBinding {
  /** The child (server name) that holds the task. */
  server: string;
  childTaskId: string;
  /** The credential (token owner) and endpoint (/mcp or /mcp/<profile>) that created it. */
  owner: string;
  endpoint: string;
}

export interface TaskTableLimits {
  maxTasks: number;
  maxPerOwner: number;
  ttlMs: number;
}

export const DEFAULT_TASK_LIMITS: TaskTableLimits = { maxTasks: 2_000, maxPerOwner: 200, ttlMs: 60 * 60_000 };

interface Entry extends TaskBinding {
  expiresAt: number;
}

export class TaskTable {
  // Map order is last use: the first entries are the least recently used.
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: TaskTableLimits = DEFAULT_TASK_LIMITS,
  ) {}

  /**
   * Binds a child's new task and returns the id its client sees. A credential at its own bound gives up its least
   * recently used task; a full table refuses (undefined), so the caller cancels the child's task instead of keeping
   * one nobody can reach.
   */
  add(binding: TaskBinding): string | undefined {
    this.sweep();
    const mine = [...this.entries].filter(([, e]) => e.owner === binding.owner);
    if (mine.length >= this.limits.maxPerOwner) this.entries.delete(mine[0][0]);
    if (this.entries.size >= this.limits.maxTasks) return undefined;
    const id = randomBytes(18).toString('base64url');
    this.entries.set(id, { ...binding, expiresAt: this.clock.now() + this.limits.ttlMs });
    return id;
  }

  /** The binding of `id` when this credential on this endpoint created it and it has not expired; else undefined. */
  lookup(id: string, owner: string, endpoint: string): TaskBinding | undefined {
    const e = this.entries.get(id);
    if (!e || e.owner !== owner || e.endpoint !== endpoint) return undefined;
    const now = this.clock.now();
    if (e.expiresAt <= now) {
      this.entries.delete(id);
      return undefined;
    }
    this.entries.delete(id);
    this.entries.set(id, { ...e, expiresAt: now + this.limits.ttlMs });
    const { expiresAt: _e, ...binding } = e;
    return binding;
  }

  /** A revoked credential: its tasks are forgotten (the child's tasks run out on their own ttl). */
  dropOwner(owner: string): void {
    for (const [id, e] of this.entries) if (e.owner === owner) this.entries.delete(id);
  }

  size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(id);
  }
}
