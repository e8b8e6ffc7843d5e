// Reading the audit log back for the UI (listAudit) and the CLI: every generation, newest first, filtered,
// paged by offset, bounded; and the writer's onWritten hook fires only once a line is on disk.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit.js';
import { MAX_AUDIT_PAGE } from '../../../../shared/audit.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { AUDIT_FILE, AuditLog } from '../../../../electron/core/metrics/audit-log.js';
import { filterAudit, queryAudit, readAuditEntries } from '../../../../electron/core/metrics/audit-reader.js';

const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);

function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date(T0 + i * 60_000).toISOString(),
    client: i % 2 ? 'cursor' : 'admin',
    profile: null,
    server: i % 3 ? 'memory' : 'everything',
    tool: i % 3 ? 'read_graph' : 'echo',
    publicName: i % 3 ? 'memory__read_graph' : 'everything__echo',
    argBytes: 2,
    argSha256: 'ab'.repeat(32),
    outcome: i % 5 === 4 ? 'error' : 'ok',
    latencyMs: i,
    ...over,
  };
}
const jsonl = (es: AuditEntry[]) => es.map((e) => JSON.stringify(e) + '\n').join('');

describe('the audit reader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-read-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads the rotated generations oldest first and skips a torn line', async () => {
    await writeFile(join(dir, `${AUDIT_FILE}.2`), jsonl([entry(0), entry(1)]));
    await writeFile(join(dir, `${AUDIT_FILE}.1`), jsonl([entry(2)]) + '{"time":"2026-01-0');
    await writeFile(join(dir, AUDIT_FILE), jsonl([entry(3), entry(4)]));
    expect((await readAuditEntries(dir)).map((e) => e.latencyMs)).toEqual([0, 1, 2, 3, 4]);
  });

  it('pages newest first with offset and limit, and says when older lines remain', async () => {
    await writeFile(join(dir, AUDIT_FILE), jsonl(Array.from({ length: 10 }, (_, i) => entry(i))));
    const first = await queryAudit(dir, { limit: 4 });
    expect(first.entries.map((e) => e.latencyMs)).toEqual([9, 8, 7, 6]);
    expect(first.more).toBe(true);
    const second = await queryAudit(dir, { limit: 4, offset: 4 });
    expect(second.entries.map((e) => e.latencyMs)).toEqual([5, 4, 3, 2]);
    const last = await queryAudit(dir, { limit: 4, offset: 8 });
    expect(last.entries.map((e) => e.latencyMs)).toEqual([1, 0]);
    expect(last.more).toBe(false);
  });

  it('filters by time, server, client, tool (own or public name) and outcome', async () => {
    const all = Array.from({ length: 10 }, (_, i) => entry(i));
    await writeFile(join(dir, AUDIT_FILE), jsonl(all));
    const ids = async (q: Parameters<typeof queryAudit>[1]) => (await queryAudit(dir, q)).entries.map((e) => e.latencyMs);
    expect(await ids({ since: new Date(T0 + 7 * 60_000).toISOString() })).toEqual([9, 8, 7]);
    expect(await ids({ server: 'everything' })).toEqual([9, 6, 3, 0]);
    expect(await ids({ client: 'cursor', server: 'memory' })).toEqual([7, 5, 1]);
    expect(await ids({ tool: 'everything__echo' })).toEqual([9, 6, 3, 0]);
    expect(await ids({ tool: 'echo', outcome: 'ok' })).toEqual([6, 3, 0]);
    expect(await ids({ outcome: 'error' })).toEqual([9, 4]);
    expect(() => filterAudit(all, { since: 'yesterday' })).toThrow(/ISO time/);
  });

  it('never returns more than one bounded page', async () => {
    const many = Array.from({ length: MAX_AUDIT_PAGE + 50 }, (_, i) => entry(i, { time: new Date(T0 + i).toISOString() }));
    await writeFile(join(dir, AUDIT_FILE), jsonl(many));
    const page = await queryAudit(dir, { limit: 10_000 });
    expect(page.entries).toHaveLength(MAX_AUDIT_PAGE);
    expect(page.more).toBe(true);
    expect((await queryAudit(dir)).entries).toHaveLength(500);
  });

  it('tells onWritten of each line only once it can be read back', async () => {
    const seen: Array<{ entry: AuditEntry; onDisk: string }> = [];
    const pending: Array<Promise<void>> = [];
    const log = new AuditLog({
      dataDir: dir,
      clock: { now: () => T0 },
      logger: silentLogger,
      redact: (t) => t,
      maxBytes: () => 1 << 20,
      onWritten: (e) => {
        pending.push(readFile(join(dir, AUDIT_FILE), 'utf8').then((onDisk) => void seen.push({ entry: e, onDisk })));
      },
    });
    const base = {
      caller: { client: 'admin', profile: null },
      server: 's',
      publicName: 's__t',
      args: { secret: 'value-9x' },
      latencyMs: 1,
    };
    log.record({ ...base, tool: 't', outcome: 'ok' });
    log.record({ ...base, tool: 'u', outcome: 'error', error: 'boom' });
    await log.flush();
    await Promise.all(pending);
    expect(seen.map((s) => s.entry.tool)).toEqual(['t', 'u']);
    for (const s of seen) expect(s.onDisk).toContain(`"tool":"${s.entry.tool}"`);
    expect(JSON.stringify(seen)).not.toContain('value-9x');
  });
});
