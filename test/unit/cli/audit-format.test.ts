// `mcp-orchestrator audit`'s human line: the approval decision is named when someone made one.
import { describe, expect, it } from 'vitest';
import { formatAuditLine } from '../../../electron/cli/audit-cmd.js';
import type { AuditEntry } from '../../../electron/core/metrics/audit-log.js';

const entry: AuditEntry = {
  time: '2026-12-03T12:00:00.000Z',
  client: 'cursor',
  profile: 'agent',
  server: 'fs',
  tool: 'delete_file',
  publicName: 'fs__delete_file',
  argBytes: 2,
  argSha256: 'x',
  outcome: 'error',
  latencyMs: 3,
};

describe('formatAuditLine', () => {
  it('names the approval decision, but not "not-needed" or none', () => {
    expect(formatAuditLine({ ...entry, approval: 'denied' })).toBe(
      '2026-12-03T12:00:00.000Z cursor (agent) fs/delete_file error 3 ms approval: denied',
    );
    expect(formatAuditLine({ ...entry, outcome: 'ok', approval: 'ui' })).toMatch(/ok 3 ms approval: ui$/);
    expect(formatAuditLine({ ...entry, approval: 'not-needed' })).toMatch(/error 3 ms$/);
    expect(formatAuditLine(entry)).toMatch(/error 3 ms$/);
  });
});
