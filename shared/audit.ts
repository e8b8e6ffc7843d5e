// The audit log's record and the query the UI reads it with: shared by the core (which writes and reads
// the file), the CLI and the renderer's Activity page.
import type { ApprovalDecision } from './types.js';

export type AuditOutcome = 'ok' | 'error' | 'cancelled';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['ok', 'error', 'cancelled'];

export interface AuditEntry {
  time: string;
  /** 'admin', 'bridge' or a client token's name. */
  client: string;
  /** The profile endpoint used; null for /mcp. */
  profile: string | null;
  server: string;
  tool: string;
  publicName: string;
  argBytes: number;
  argSha256: string;
  outcome: AuditOutcome;
  latencyMs: number;
  /** The error's message, redacted and shortened (outcome 'error' only). */
  error?: string;
  /** How the call got past approval (trust/approval-gate.ts); absent where no gate runs. */
  approval?: ApprovalDecision;
}

/** Which lines to read; every field narrows. `offset` skips that many of the newest matching lines ("load older"). */
export interface AuditQuery {
  /** ISO time: lines at or after it. */
  since?: string;
  server?: string;
  client?: string;
  tool?: string;
  outcome?: AuditOutcome;
  limit?: number;
  offset?: number;
}

/** Newest first; `more` when older matching lines exist beyond this page. */
export interface AuditPage {
  entries: AuditEntry[];
  more: boolean;
}

/** The most lines one read returns, so a page never loads a whole rotated history at once. */
export const MAX_AUDIT_PAGE = 1000;
export const DEFAULT_AUDIT_PAGE = 500;

/** Whether an entry matches a query's filters (not its paging); the live view filters pushed lines with it too. */
export function auditMatches(e: AuditEntry, q: AuditQuery, sinceMs = q.since ? Date.parse(q.since) : -Infinity): boolean {
  return (
    Date.parse(e.time) >= sinceMs &&
    (!q.server || e.server === q.server) &&
    (!q.client || e.client === q.client) &&
    (!q.tool || e.tool === q.tool || e.publicName === q.tool) &&
    (!q.outcome || e.outcome === q.outcome)
  );
}
