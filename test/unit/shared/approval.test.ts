// Approval policy: which mode applies to a call (server setting by tool glob, profile preset), whether the mode
// asks for a tool's annotations, and how the config file spells it (server entries, profiles, the timeout, import).
import { describe, expect, it } from 'vitest';
import { approvalMode, needsApproval, serverApprovalMode } from '../../../shared/approval.js';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { planImport } from '../../../shared/import-plan.js';

describe('approval mode resolution', () => {
  it('defaults to never when the entry says nothing', () => {
    expect(serverApprovalMode(undefined, 'delete_file')).toBe('never');
  });

  it('takes one mode for every tool of the server', () => {
    expect(serverApprovalMode('always', 'read_file')).toBe('always');
  });

  it('picks the most specific matching glob, whatever the key order', () => {
    const setting = { '*': 'never', 'delete_*': 'always', delete_cache: 'never', 'write_?ile': 'destructive' } as const;
    expect(serverApprovalMode(setting, 'delete_repo')).toBe('always');
    // An exact name beats the glob that also matches it.
    expect(serverApprovalMode(setting, 'delete_cache')).toBe('never');
    expect(serverApprovalMode(setting, 'write_file')).toBe('destructive');
    expect(serverApprovalMode(setting, 'list')).toBe('never');
    // "*" written first still loses to a longer glob.
    expect(serverApprovalMode({ '*': 'never', 'rm*': 'always' }, 'rm_rf')).toBe('always');
  });

  it('falls back to never for a tool no glob matches', () => {
    expect(serverApprovalMode({ 'delete_*': 'always' }, 'read')).toBe('never');
  });

  it("lets a profile's preset override the server's setting", () => {
    expect(approvalMode('never', 'read', 'always')).toBe('always');
    expect(approvalMode({ 'delete_*': 'always' }, 'delete_x', 'never')).toBe('never');
    expect(approvalMode('always', 'read', undefined)).toBe('always');
  });
});

describe('needsApproval', () => {
  it('follows the spec defaults under destructive: only a read-only tool runs unasked', () => {
    expect(needsApproval('destructive', { readOnly: true })).toBe(false);
    expect(needsApproval('destructive', {})).toBe(true);
    expect(needsApproval('destructive', undefined)).toBe(true);
    expect(needsApproval('destructive', { destructive: true })).toBe(true);
    // Contradictory hints: destructiveHint wins.
    expect(needsApproval('destructive', { readOnly: true, destructive: true })).toBe(true);
  });

  it('always asks under always and never under never', () => {
    expect(needsApproval('always', { readOnly: true })).toBe(true);
    expect(needsApproval('never', { destructive: true })).toBe(false);
  });
});

const doc = (o: unknown) => JSON.stringify(o);

describe('approval in the config file', () => {
  it('reads a mode or a glob map per server, a profile preset and orchestrator.approval_timeout, and writes them back', () => {
    const parsed = parseConfigText(
      doc({
        servers: {
          a: { command: 'x', approval: 'always' },
          b: { command: 'y', approval: { 'delete_*': 'always', '*': 'never' } },
          c: { command: 'z' },
        },
        profiles: { agent: { approval: 'destructive' } },
        orchestrator: { approval_timeout: 5 },
      }),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const [a, b, c] = parsed.config.servers;
    expect(a?.approval).toBe('always');
    expect(b?.approval).toEqual({ 'delete_*': 'always', '*': 'never' });
    expect(c?.approval).toBeUndefined();
    expect(parsed.config.profiles?.[0]?.approval).toBe('destructive');
    expect(parsed.config.orchestrator.approvalTimeoutMs).toBe(5_000);
    const back = JSON.parse(serializeConfig(parsed.config)) as {
      servers: Record<string, { approval?: unknown }>;
      profiles: Record<string, { approval?: unknown }>;
      orchestrator: Record<string, unknown>;
    };
    expect(back.servers.b?.approval).toEqual({ 'delete_*': 'always', '*': 'never' });
    expect(back.servers.c && 'approval' in back.servers.c).toBe(false);
    expect(back.profiles.agent?.approval).toBe('destructive');
    expect(back.orchestrator.approval_timeout).toBe(5);
  });

  it('defaults the timeout to 120 s', () => {
    const parsed = parseConfigText(doc({ servers: {} }));
    expect(parsed.ok && parsed.config.orchestrator.approvalTimeoutMs).toBe(120_000);
  });

  it('refuses an unknown mode with its JSON path', () => {
    const bad = parseConfigText(doc({ servers: { a: { command: 'x', approval: { 'delete_*': 'sometimes' } } } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path)).toContain('servers.a.approval');
    const badProfile = parseConfigText(doc({ servers: {}, profiles: { p: { approval: 'ask' } } }));
    expect(badProfile.ok).toBe(false);
    if (!badProfile.ok) expect(badProfile.issues[0]?.path).toBe('profiles.p.approval');
  });

  it('writes "destructive" into each entry an import adds, and keeps a mode the source file set', () => {
    const base = parseConfigText(doc({ servers: {} }));
    if (!base.ok) throw new Error('base');
    const source = doc({ mcpServers: { fs: { command: 'npx', args: ['fs'] }, git: { command: 'git-mcp', approval: 'always' } } });
    const result = planImport(base.config, source, { home: '/home/u', sep: '/' });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.plan.added.map((s) => [s.id, s.approval])).toEqual([
      ['fs', 'destructive'],
      ['git', 'always'],
    ]);
  });
});
