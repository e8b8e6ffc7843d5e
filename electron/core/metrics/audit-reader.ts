// Reading the audit log back: the CLI (`audit`, with no orchestrator running) and the control API's
// listAudit (the UI's Activity page) both read the files through here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  auditMatches,
  DEFAULT_AUDIT_PAGE,
  MAX_AUDIT_PAGE,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
} from '../../../shared/audit.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { AUDIT_FILE, AUDIT_GENERATIONS } from './audit-log.js';

/** Every line of every generation, oldest first (audit.jsonl.3 .. audit.jsonl). */
export async function readAuditEntries(dir: string): Promise<AuditEntry[]> {
  const names = [...Array.from({ length: AUDIT_GENERATIONS }, (_, i) => `${AUDIT_FILE}.${AUDIT_GENERATIONS - i}`), AUDIT_FILE];
  const entries: AuditEntry[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as AuditEntry);
      } catch {
        // A line cut short (the orchestrator was writing it, or died): skipped, the rest still reads.
      }
    }
  }
  return entries;
}

/** The matching lines, oldest first. */
export function filterAudit(entries: AuditEntry[], q: AuditQuery): AuditEntry[] {
  const since = q.since ? Date.parse(q.since) : -Infinity;
  if (Number.isNaN(since)) throw new AppError(ErrorCode.BAD_REQUEST, `since must be an ISO time, got "${q.since}"`);
  return entries.filter((e) => auditMatches(e, q, since));
}

/** One page of matching lines, newest first, at most MAX_AUDIT_PAGE of them. */
export async function queryAudit(dir: string, q: AuditQuery = {}): Promise<AuditPage> {
  const matching = filterAudit(await readAuditEntries(dir), q);
  const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_AUDIT_PAGE), MAX_AUDIT_PAGE);
  const end = Math.max(0, matching.length - Math.max(0, q.offset ?? 0));
  const start = Math.max(0, end - limit);
  return { entries: matching.slice(start, end).reverse(), more: start > 0 };
}
