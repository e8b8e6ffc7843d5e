// `audit [--since 1h] [--server S] [--client C] [--json]`: the gateway's audit log, read from the data
// folder's files (no orchestrator needed), oldest generation first so the newest calls print last.
import type { AuditEntry } from '../../shared/audit.js';
import { filterAudit, readAuditEntries } from '../core/metrics/audit-reader.js';
import { dataDir, type Io } from './context.js';
import { EXIT } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';
import { parseSince } from './server-cmd.js';

export function formatAuditLine(e: AuditEntry): string {
  const who = e.profile ? `${e.client} (${e.profile})` : e.client;
  // Only a decision someone made is worth a word; "not-needed" is most lines.
  const approval = e.approval && e.approval !== 'not-needed' ? ` approval: ${e.approval}` : '';
  return `${e.time} ${who} ${e.server}/${e.tool} ${e.outcome} ${e.latencyMs} ms${approval}`;
}

export async function auditCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  if (rest.length > 0) {
    io.err('usage: mcp-orchestrator audit [--since 1h|30m|ISO] [--server S] [--client C] [--json]');
    return EXIT.USAGE;
  }
  const since = flags.since !== undefined ? new Date(parseSince(flags.since, Date.now())).toISOString() : undefined;
  const entries = filterAudit(await readAuditEntries(dataDir(flags, io.env)), { since, server: flags.server, client: flags.client });
  // JSON lines, one per call, like `logs --json`: a script can read them as they come.
  if (flags.json) for (const e of entries) io.out(JSON.stringify(e));
  else print(io, flags, entries, () => (entries.length ? entries.map(formatAuditLine) : 'no calls recorded'));
  return EXIT.OK;
}
