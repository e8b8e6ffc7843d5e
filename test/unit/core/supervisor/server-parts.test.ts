// A ManagedServer's policy objects alone, on a test context and virtual time: the environment checks
// (may it start?) and the health policy (slow pings, tools/list failures retried with backoff, reports
// about a run that already ended ignored). The health tests talk to a real SDK server in process.
import { InMemoryTransport, Server } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/env.js';
import { CallMetrics } from '../../../../electron/core/metrics/latency.js';
import type { UpstreamChange } from '../../../../electron/core/upstream/upstream.js';
import type { Connection } from '../../../../electron/core/supervisor/connection.js';
import { buildLaunchSpec } from '../../../../electron/core/supervisor/launch-env.js';
import type { ServerContext } from '../../../../electron/core/supervisor/server-context.js';
import { EnvChecks } from '../../../../electron/core/supervisor/server-env-checks.js';
import { ServerHealth, type Run } from '../../../../electron/core/supervisor/server-health.js';
import { ServerRecord } from '../../../../electron/core/supervisor/server-record.js';
import type { LogLine, ServerConfig, ServerStatus } from '../../../../shared/types.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { testSettings } from '../../../helpers/test-settings.js';
import { waitFor } from '../../../helpers/wait.js';
import { sandboxHost } from '../../../../electron/core/supervisor/sandbox-host.js';

const base: ServerConfig = {
  id: 'srv',
  name: 'Srv',
  description: '',
  transport: 'stdio',
  command: 'node',
  args: [],
  env: {},
  headers: {},
  requiredEnv: [],
  enabled: true,
  autostart: true,
  disabledTools: [],
};

function testContext(over: Partial<ServerContext> = {}) {
  const clock = new TestClock(0);
  const statuses: ServerStatus[] = [];
  const logs: LogLine[] = [];
  const changes: UpstreamChange[] = [];
  const ctx: ServerContext = {
    env: { logger: silentLogger, clock, dataDir: '/nonexistent', processEnv: {} },
    settings: () => testSettings({ backoffInitialMs: 100, backoffMaxMs: 1000, pingTimeoutMs: 4000 }),
    resolveEnv: async () => ({}),
    redact: (t) => t.replaceAll('sk-secret', '[redacted]'),
    storedSecrets: async () => [],
    metrics: new CallMetrics(),
    emitStatus: (s) => statuses.push(s),
    emitLog: (l) => logs.push(l),
    emitChange: (c) => changes.push(c),
    sandbox: sandboxHost({ processEnv: {}, dataDir: '/nonexistent', bwrapPath: null }),
    ...over,
  };
  const text = () => logs.map((l) => l.text);
  return { ctx, clock, statuses, logs, changes, text };
}

describe('EnvChecks', () => {
  it('refuses a start with a required variable missing: stopped, with the reason', async () => {
    const { ctx, statuses, text } = testContext({ resolveEnv: async () => ({ HAVE: 'x' }) });
    const rec = new ServerRecord({ ...base, requiredEnv: ['HAVE', 'NEED'] }, ctx);
    const checks = new EnvChecks(rec, ctx);
    const spec = buildLaunchSpec(rec.config, await checks.resolve(), {});
    expect(checks.preflight(spec, undefined)).toBe(false);
    expect(rec.state).toBe('stopped');
    expect(rec.f.lastError).toBe('missing required environment: NEED');
    expect(statuses.at(-1)?.requiredEnv).toEqual({ HAVE: true, NEED: false });
    expect(text()).toEqual(['not started: missing required environment: NEED']);
  });

  it('refuses, as failed, an arg naming a keychain secret; passes a complete entry', async () => {
    const { ctx } = testContext({ storedSecrets: async () => ['API_KEY'] });
    const rec = new ServerRecord({ ...base, args: ['--key=${API_KEY}'] }, ctx);
    const checks = new EnvChecks(rec, ctx);
    expect(await checks.secretInArgs()).toBe('API_KEY');
    expect(checks.preflight(buildLaunchSpec(rec.config, {}, {}), 'API_KEY')).toBe(false);
    expect(rec.state).toBe('failed');
    const ok = new EnvChecks(new ServerRecord(base, ctx), ctx);
    expect(await ok.secretInArgs()).toBeUndefined();
    expect(ok.preflight(buildLaunchSpec(base, {}, {}), undefined)).toBe(true);
  });

  it('a failing resolver leaves the variables empty, with a log line, redacted', async () => {
    const { ctx, text } = testContext({ resolveEnv: async () => Promise.reject(new Error('keychain said sk-secret')) });
    const rec = new ServerRecord({ ...base, requiredEnv: ['NEED'] }, ctx);
    await new EnvChecks(rec, ctx).refreshPresence();
    expect(rec.f.missingEnv).toEqual(['NEED']);
    expect(text()).toEqual(['could not resolve environment: Error: keychain said [redacted]']);
  });
});

/** A real SDK server whose tools/list fails `failures` times, then lists one tool. */
async function flakyList(failures: number) {
  const server = new Server({ name: 'flaky', version: '1.0.0' }, { capabilities: { tools: {} } });
  let calls = 0;
  server.setRequestHandler('tools/list', () => {
    calls++;
    if (calls <= failures) throw new Error(`list broke (${calls})`);
    return { tools: [{ name: 't', inputSchema: { type: 'object' as const } }] };
  });
  return { server, calls: () => calls };
}

describe('ServerHealth', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function runningHealth(failures: number) {
    const t = testContext();
    const rec = new ServerRecord(base, t.ctx);
    let current: Run | null = null;
    const health = new ServerHealth(rec, t.ctx, () => current);
    const flaky = await flakyList(failures);
    const client = health.makeClient();
    const [a, b] = InMemoryTransport.createLinkedPair();
    await flaky.server.connect(b);
    await client.connect(a);
    closers.push(async () => {
      await client.close();
      await flaky.server.close();
    });
    const conn: Connection = {
      client,
      pid: null,
      spawnMs: null,
      closed: new Promise(() => {}),
      shutdown: async () => ({ exit: { code: 0, signal: null }, signalled: false }),
    };
    const pingFails: number[] = [];
    const run = health.newRun(conn, t.clock.now(), (_r, n) => pingFails.push(n));
    current = run;
    rec.setState('running');
    return { ...t, rec, health, run, flaky, pingFails, end: () => (current = null) };
  }

  it('a failed tools/list degrades the server and retries after 100, then 200 ms of virtual time, then runs again', async () => {
    const h = await runningHealth(2);
    const listed = await h.health.refreshToolCount(h.run);
    expect(listed).not.toBe(true);
    if (listed !== true) h.health.onListFailed(h.run, listed.error);
    expect(h.rec.state).toBe('degraded');
    expect(h.rec.f.lastError).toMatch(/^tools\/list failed: .*list broke \(1\)/);
    expect(h.clock.pending()).toEqual([100]);
    await h.clock.advance(99);
    expect(h.flaky.calls()).toBe(1);
    await h.clock.advance(1);
    await waitFor(() => h.clock.pending().length > 0, 5_000, 'the second retry to be scheduled');
    expect(h.flaky.calls()).toBe(2);
    expect(h.clock.pending()).toEqual([200]);
    expect(h.rec.state).toBe('degraded');
    await h.clock.advance(200);
    await waitFor(() => h.rec.state === 'running', 5_000, 'the server to run again');
    expect(h.rec.f.toolCount).toBe(1);
    expect(h.rec.f.lastError).toBeNull();
    expect(h.changes).toEqual([{ serverId: 'srv', kinds: ['tools'] }]);
    expect(h.text()).toEqual([
      expect.stringMatching(/retrying in 100 ms$/),
      expect.stringMatching(/retrying in 200 ms$/),
      'tools/list succeeded again, 1 tools',
    ]);
  });

  it('a retry pending when the run ends does nothing', async () => {
    const h = await runningHealth(5);
    const listed = await h.health.refreshToolCount(h.run);
    if (listed !== true) h.health.onListFailed(h.run, listed.error);
    h.end();
    h.run.lists.stop();
    await h.clock.advance(10_000);
    expect(h.flaky.calls()).toBe(1);
  });

  it('a ping slower than half the timeout degrades; a fast one restores; one for an ended run is ignored', async () => {
    const h = await runningHealth(0);
    h.health.onPingOk(h.run, 2001);
    expect(h.rec.state).toBe('degraded');
    h.health.onPingOk(h.run, 10);
    expect(h.rec.state).toBe('running');
    h.end();
    h.health.onPingOk(h.run, 3000);
    expect(h.rec.state).toBe('running');
  });

  it('the run pings on the injected clock and hands failures to the lifecycle', async () => {
    const h = await runningHealth(0);
    await h.flaky.server.close();
    h.run.pinger.start();
    await h.clock.advance(testSettings().pingIntervalMs);
    await waitFor(() => h.pingFails.length === 1, 5_000, 'the ping to fail');
    expect(h.pingFails).toEqual([1]);
    h.run.pinger.stop();
  });
});
