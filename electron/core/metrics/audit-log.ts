// The audit log: one JSON line per tools/call through the gateway, in <dataDir>/audit.jsonl (0600).
// It records who called what and how it went, never what was passed or returned: arguments appear
// only as their size and a hash of their canonical JSON. Lines are queued and appended off the
// call's path; past `maxBytes` the file is rotated (audit.jsonl.1 .. .3 kept).
import { hash } from 'node:crypto';
import { join } from 'node:path';
import type { AuditEntry, AuditOutcome } from '../../../shared/audit.js';
import type { ApprovalDecision } from '../../../shared/types.js';
import type { Clock, Logger, TimerHandle, Timers } from '../env.js';
import { AppendFile } from './append-file.js';

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_GENERATIONS = 3;
const MAX_ERROR_CHARS = 300;
/** Lines waiting beyond this are dropped (and counted) rather than growing memory without bound. */
const MAX_QUEUED = 10_000;
/**
 * With timers, lines wait this long to be written together: each batch costs a stat and a write, and
 * under load (hundreds of calls a second) a batch per line was most of the log's cost per call.
 */
export const AUDIT_BATCH_MS = 20;

// The record's shape is shared with the CLI and the UI's Activity page.
export type { AuditEntry, AuditOutcome } from '../../../shared/audit.js';

/** Who is calling: carried from the session to the call. */
export interface Caller {
  client: string;
  profile: string | null;
}

/** What the gateway knows of one finished call. */
export interface AuditedCall {
  caller: Caller;
  server: string;
  tool: string;
  publicName: string;
  args: unknown;
  outcome: AuditOutcome;
  latencyMs: number;
  error?: unknown;
  approval?: ApprovalDecision;
}

export interface AuditSink {
  record(call: AuditedCall): void;
}

/** Sorts object keys (rebuilding each object) for JSON.stringify: the general, slower way. */
function sortedKeys(_k: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

/** True when every object inside already has its keys in sorted order (plain JSON data, as a call's arguments are). */
function alreadySorted(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (depth > 64 || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return v.every((x) => alreadySorted(x, depth + 1));
  let prev: string | undefined;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) return false;
    if (prev !== undefined && !(prev < k)) return false;
    prev = k;
    if (!alreadySorted((v as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/**
 * JSON with object keys sorted, so equal arguments hash equally whatever their key order. Arguments
 * usually come sorted already (one or two keys): then plain JSON.stringify gives the same text
 * without rebuilding every object, which was most of the audit log's cost per call.
 */
export function canonicalJson(value: unknown): string {
  return alreadySorted(value) ? JSON.stringify(value) : JSON.stringify(value, sortedKeys);
}

export function argDigest(args: unknown): { argBytes: number; argSha256: string } {
  const json = canonicalJson(args ?? {});
  return { argBytes: Buffer.byteLength(json), argSha256: sha256Hex(json) };
}

/** One-shot: no Hash object (and its stream machinery) per call. */
const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

export interface AuditLogOptions {
  dataDir: string;
  clock: Clock;
  /** Batches lines for AUDIT_BATCH_MS (the core's timers); without, each line starts a write at once (tests). */
  timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  logger: Logger;
  redact: (text: string) => string;
  maxBytes: () => number;
  /** Told of each line once it is on disk, so a live view and a later read agree. */
  onWritten?: (entry: AuditEntry) => void;
}

export class AuditLog implements AuditSink {
  private readonly file: AppendFile;
  private queue: AuditEntry[] = [];
  private writing: Promise<void> | undefined;
  private timer: TimerHandle | undefined;
  private dropped = 0;

  constructor(private readonly opts: AuditLogOptions) {
    this.file = new AppendFile(join(opts.dataDir, AUDIT_FILE), AUDIT_GENERATIONS);
  }

  /** The last time stamp written, and its text: under load many lines share a millisecond. */
  private lastMs = NaN;
  private lastTime = '';

  private timeText(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastTime = new Date(ms).toISOString();
    }
    return this.lastTime;
  }

  record(call: AuditedCall): void {
    const json = canonicalJson(call.args ?? {});
    const entry: AuditEntry = {
      time: this.timeText(this.opts.clock.now()),
      client: this.opts.redact(call.caller.client),
      profile: call.caller.profile,
      server: call.server,
      tool: call.tool,
      publicName: call.publicName,
      argBytes: Buffer.byteLength(json),
      argSha256: sha256Hex(json),
      outcome: call.outcome,
      latencyMs: Math.round(call.latencyMs),
      ...(call.approval && { approval: call.approval }),
    };
    if (call.outcome === 'error' && call.error !== undefined) entry.error = this.errorText(call.error);
    if (this.queue.length >= MAX_QUEUED) {
      this.dropped++;
      return;
    }
    this.queue.push(entry);
    this.schedule();
  }

  /** Resolves once every line recorded so far is on disk (tests, shutdown): a waiting batch is written now. */
  async flush(): Promise<void> {
    while (this.writing || this.timer) {
      if (this.timer) this.writeNow();
      await this.writing;
    }
  }

  /** Writes what is queued, then lets the file go (serve's shutdown). A later record() opens it again. */
  async close(): Promise<void> {
    await this.flush();
    await this.file.close();
  }

  private errorText(err: unknown): string {
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
    return this.opts.redact(String(message).slice(0, MAX_ERROR_CHARS));
  }

  /** One batch at a time: the next waits for this one's write, then (with timers) for more lines to join it. */
  private schedule(): void {
    if (this.writing || this.timer || this.queue.length === 0) return;
    const timers = this.opts.timers;
    if (!timers) return void (this.writing = this.drain());
    this.timer = timers.setTimeout(() => this.writeNow(), AUDIT_BATCH_MS);
    this.timer.unref();
  }

  private writeNow(): void {
    this.opts.timers?.clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      const batch = this.queue;
      this.queue = [];
      if (batch.length > 0) {
        await this.file.append(batch.map((e) => JSON.stringify(e) + '\n').join(''), this.opts.maxBytes());
        for (const e of batch) this.opts.onWritten?.(e);
      }
      if (this.dropped > 0) {
        this.opts.logger.warn('audit: lines dropped because the writer fell behind', { dropped: this.dropped });
        this.dropped = 0;
      }
    } catch (err) {
      this.opts.logger.warn('audit: cannot write the audit log', { error: this.opts.redact(String(err)) });
    } finally {
      this.writing = undefined;
      this.schedule();
    }
  }
}
