// Supervisor against real child processes: parallel start, env gating, spawn failure, config diff, logs, list_changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { UpstreamChange } from '../../electron/core/upstream/upstream.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import {
  REPO_ROOT,
  createTestSupervisor,
  fixtureConfig,
  isAlive,
  stdioConfig,
  waitForStatus,
  waitUntil,
} from '../fixtures/servers/supervisor-harness.js';

const EVERYTHING = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const MEMORY = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const up = (s: { state: string }) => s.state === 'running' || s.state === 'degraded';

let sup: Supervisor | undefined;
let tmp: string | undefined;

afterEach(async () => {
  const pids =
    sup
      ?.statuses()
      .map((s) => s.pid)
      .filter((p): p is number => p !== null) ?? [];
  await sup?.stopAll();
  for (const pid of pids) expect(isAlive(pid)).toBe(false);
  sup = undefined;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('Supervisor', () => {
  it('starts server-everything, server-memory and a fixture in parallel', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sup-'));
    sup = createTestSupervisor();
    const changes: UpstreamChange[] = [];
    sup.onChange((c) => changes.push(c));
    await sup.setServers([
      stdioConfig('everything', process.execPath, [EVERYTHING, 'stdio']),
      stdioConfig('memory', process.execPath, [MEMORY], { env: { MEMORY_FILE_PATH: join(tmp, 'memory.jsonl') } }),
      fixtureConfig('crashy'),
      fixtureConfig('colliding'),
    ]);
    const statuses = sup.statuses();
    expect(statuses.map((s) => s.id)).toEqual(['everything', 'memory', 'crashy', 'colliding']);
    expect(sup.status('colliding').toolCount).toBe(4);
    for (const s of statuses) {
      expect(up(s), `${s.id}: ${s.state} ${s.lastError}`).toBe(true);
      expect(s.toolCount).toBeGreaterThan(0);
      expect(s.pid).toBeGreaterThan(0);
    }
    expect(sup.list().map((u) => u.id)).toEqual(['everything', 'memory', 'crashy', 'colliding']);
    expect(sup.get('crashy')?.namespace).toBe('crashy');
    expect(new Set(changes.map((c) => c.serverId))).toEqual(new Set(['everything', 'memory', 'crashy', 'colliding']));
    const res = await sup.get('crashy')!.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(res.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('does not start a server whose required env is missing, and starts it once the value resolves', async () => {
    const secrets: Record<string, string | undefined> = {};
    sup = createTestSupervisor({
      resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, secrets[n]])),
      redact: (t) => t.replaceAll('hunter2', '***'),
    });
    const config = fixtureConfig('crashy', 'needs-key', {
      requiredEnv: ['FIXTURE_API_KEY'],
      env: { STDERR_AT_START: 'key is ${FIXTURE_API_KEY}' },
    });
    await sup.setServers([config]);
    let s = sup.status('needs-key');
    expect(s.state).toBe('stopped');
    expect(s.pid).toBeNull();
    expect(s.missingEnv).toEqual(['FIXTURE_API_KEY']);
    expect(s.requiredEnv).toEqual({ FIXTURE_API_KEY: false });
    expect(s.lastError).toBe('missing required environment: FIXTURE_API_KEY');

    secrets.FIXTURE_API_KEY = 'hunter2';
    await sup.start('needs-key');
    s = sup.status('needs-key');
    expect(up(s)).toBe(true);
    expect(s.missingEnv).toEqual([]);
    expect(s.requiredEnv).toEqual({ FIXTURE_API_KEY: true });
    // The child saw the substituted value; the stored log has it redacted.
    await waitUntil(() => sup!.logs('needs-key').some((l) => l.text === 'key is ***'), 10_000, 'redacted stderr line');
    expect(sup.logs('needs-key').some((l) => l.text.includes('hunter2'))).toBe(false);
  });

  it('a cleared required key stops the running server with the reason; one that never ran just shows it missing', async () => {
    const secrets: Record<string, string | undefined> = { FIXTURE_API_KEY: 'k1' };
    sup = createTestSupervisor({ resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, secrets[n]])) });
    await sup.setServers([
      fixtureConfig('crashy', 'keyed', { requiredEnv: ['FIXTURE_API_KEY'] }),
      fixtureConfig('crashy', 'waiting', { requiredEnv: ['OTHER_KEY'] }),
    ]);
    const pid = sup.status('keyed').pid!;
    expect(up(sup.status('keyed'))).toBe(true);

    delete secrets.FIXTURE_API_KEY;
    await sup.envChanged('FIXTURE_API_KEY');
    const s = sup.status('keyed');
    expect(s.state).toBe('stopped');
    expect(s.requiredEnv).toEqual({ FIXTURE_API_KEY: false });
    expect(s.lastError).toBe('stopped: required FIXTURE_API_KEY was removed');
    expect(isAlive(pid)).toBe(false);

    await sup.envChanged('OTHER_KEY');
    expect(sup.status('waiting').lastError).toBe('missing required environment: OTHER_KEY');
  });

  it('counts every relaunch as a restart: Restart and Stop then Start alike', async () => {
    sup = createTestSupervisor();
    await sup.setServers([fixtureConfig('crashy', 'counted')]);
    expect(sup.status('counted').restarts).toBe(0);
    await sup.restart('counted');
    expect(sup.status('counted').restarts).toBe(1);
    await sup.stop('counted');
    await sup.start('counted');
    expect(sup.status('counted').restarts).toBe(2);
    expect(up(sup.status('counted'))).toBe(true);
  });

  it('reports spawn-failed for a missing command without affecting other servers', async () => {
    sup = createTestSupervisor();
    await sup.setServers([stdioConfig('broken', 'definitely-not-a-command-mcp-xyz', []), fixtureConfig('crashy')]);
    const broken = sup.status('broken');
    expect(broken.state).toBe('failed');
    expect(broken.lastExit?.reason).toBe('spawn-failed');
    expect(broken.lastError).toMatch(/ENOENT/);
    expect(up(sup.status('crashy'))).toBe(true);
    expect(sup.list().map((u) => u.id)).toEqual(['crashy']);
  });

  it('applies a config diff: only the changed server restarts', async () => {
    sup = createTestSupervisor();
    const a = fixtureConfig('crashy', 'a');
    const b = fixtureConfig('crashy', 'b');
    const c = fixtureConfig('crashy', 'c');
    await sup.setServers([a, b, c]);
    const before = Object.fromEntries(sup.statuses().map((s) => [s.id, s.pid]));
    await sup.setServers([{ ...a, description: 'renamed only' }, { ...b, env: { CHANGED: '1' } }, fixtureConfig('crashy', 'd')]);
    const after = Object.fromEntries(sup.statuses().map((s) => [s.id, s.pid]));
    expect(Object.keys(after)).toEqual(['a', 'b', 'd']);
    expect(after.a).toBe(before.a);
    expect(after.b).not.toBe(before.b);
    expect(up(sup.status('b'))).toBe(true);
    expect(up(sup.status('d'))).toBe(true);
    expect(sup.status('a').description).toBe('renamed only');
    expect(isAlive(before.b!)).toBe(false);
    expect(isAlive(before.c!)).toBe(false);
  });

  it('keeps the last 1,000 stderr lines, redacted', async () => {
    sup = createTestSupervisor({ redact: (t) => t.replaceAll('s3cr3t-token', '[REDACTED]') });
    await sup.setServers([fixtureConfig('crashy')]);
    await sup.get('crashy')!.client.callTool({ name: 'stderr', arguments: { lines: 1500, text: 'noise s3cr3t-token' } });
    await waitUntil(() => sup!.logs('crashy').at(-1)?.text === 'noise [REDACTED] 1500', 10_000, 'last stderr line');
    const logs = sup.logs('crashy');
    expect(logs).toHaveLength(1000);
    expect(logs[0].text).toBe('noise [REDACTED] 501');
    expect(logs.every((l) => !l.text.includes('s3cr3t-token'))).toBe(true);
  });

  it('fires onChange when a child sends tools/list_changed and refreshes toolCount', async () => {
    sup = createTestSupervisor();
    await sup.setServers([fixtureConfig('list-changer')]);
    expect(sup.status('list-changer').toolCount).toBe(2);
    const changes: UpstreamChange[] = [];
    sup.onChange((c) => changes.push(c));
    await sup.get('list-changer')!.client.callTool({ name: 'add_tool', arguments: { name: 'fresh' } });
    await waitUntil(() => changes.some((c) => c.kinds.length === 1 && c.kinds[0] === 'tools'), 10_000, 'list_changed');
    expect(changes[0]).toEqual({ serverId: 'list-changer', kinds: ['tools'] });
    await waitForStatus(sup, 'list-changer', (s) => s.toolCount === 3, 10_000);
  });

  it('rejects unknown ids with SERVER_NOT_FOUND', async () => {
    sup = createTestSupervisor();
    await sup.setServers([]);
    await expect(sup.start('nope')).rejects.toMatchObject({ code: ErrorCode.SERVER_NOT_FOUND });
    await expect(sup.stop('nope')).rejects.toBeInstanceOf(AppError);
    expect(() => sup!.status('nope')).toThrow(AppError);
    expect(() => sup!.logs('nope')).toThrow(AppError);
  });
});
