// Supervisor recovery paths against real child processes: crashes, crash loops, hung pings, shutdown escalation.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerState } from '../../shared/types.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, fixtureConfig, isAlive, waitForStatus } from '../fixtures/servers/supervisor-harness.js';

const up = (s: { state: string }) => s.state === 'running' || s.state === 'degraded';

let sup: Supervisor | undefined;
const seenPids = new Set<number>();

function track(s: Supervisor): Supervisor {
  s.onStatus((st) => st.pid && seenPids.add(st.pid));
  return s;
}

afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
  for (const pid of seenPids) expect(isAlive(pid), `pid ${pid} survived`).toBe(false);
  seenPids.clear();
});

describe('Supervisor recovery', () => {
  it('restarts a crashed server with backoff', async () => {
    sup = track(createTestSupervisor());
    const states: ServerState[] = [];
    sup.onStatus((s) => states.push(s.state));
    await sup.setServers([fixtureConfig('crashy')]);
    const first = sup.status('crashy');
    await sup.get('crashy')!.client.callTool({ name: 'crash', arguments: { reply: true } });
    const again = await waitForStatus(sup, 'crashy', (s) => up(s) && s.pid !== first.pid);
    expect(again.restarts).toBe(1);
    expect(again.lastExit).toMatchObject({ reason: 'crashed', code: 3 });
    expect(states).toEqual(expect.arrayContaining(['crashed', 'backoff']));
    expect(states.indexOf('backoff')).toBeGreaterThan(states.indexOf('running'));
    expect(isAlive(first.pid!)).toBe(false);
    const system = sup
      .logs('crashy')
      .filter((l) => l.stream === 'system')
      .map((l) => l.text);
    expect(system).toEqual(expect.arrayContaining(['exited: crashed (code 3)', 'restarting in 50 ms']));
    expect(system.filter((t) => t.startsWith('started (pid '))).toHaveLength(2);
  });

  it('gives up after a crash loop and keeps the reason; a manual start tries again', async () => {
    sup = track(createTestSupervisor());
    const delays: number[] = [];
    sup.onStatus((s) => s.state === 'backoff' && s.nextRestartAt && delays.push(s.nextRestartAt - s.lastExit!.at));
    const config = fixtureConfig('crashy', 'loop', { env: { CRASH_ON_START: '1' } });
    await sup.setServers([config]);
    // Four cold tsx starts; allow for a busy machine.
    const failed = await waitForStatus(sup, 'loop', (s) => s.state === 'failed', 50_000);
    expect(failed.lastExit).toMatchObject({ reason: 'crashed', code: 3 });
    expect(failed.lastError).toMatch(/crashed \(code 3\)/);
    expect(failed.nextRestartAt).toBeNull();
    expect(failed.restarts).toBe(3);
    expect(delays).toEqual([50, 100, 200]);
    // Manual start resets the loop counter and tries again (and fails again here). Every launch after
    // the first counts as a restart, whoever asked for it (README: Restart and Stop+Start count alike).
    await sup.start('loop');
    expect(sup.status('loop').restarts).toBe(4);
    expect(['backoff', 'crashed']).toContain(sup.status('loop').state);
  }, 60_000);

  it('restarts a server whose ping hangs, with reason ping-timeout', async () => {
    sup = track(createTestSupervisor({ settingsOver: { pingIntervalMs: 100, pingTimeoutMs: 300 } }));
    const states: ServerState[] = [];
    sup.onStatus((s) => states.push(s.state));
    await sup.setServers([fixtureConfig('hang-ping')]);
    const first = sup.status('hang-ping');
    const after = await waitForStatus(sup, 'hang-ping', (s) => s.lastExit?.reason === 'ping-timeout');
    expect(after.lastError).toMatch(/ping-timeout/);
    expect(states).toContain('degraded');
    await waitForStatus(sup, 'hang-ping', (s) => up(s) && s.pid !== first.pid);
    expect(isAlive(first.pid!)).toBe(false);
  });

  it('kills a server that does not finish the handshake within the start timeout', async () => {
    sup = track(createTestSupervisor({ settingsOver: { defaultTimeoutMs: 1500, crashLoopMaxRestarts: 0 } }));
    await sup.setServers([fixtureConfig('slow-start', 'stuck', { env: { START_DELAY_MS: '60000' } })]);
    const s = sup.status('stuck');
    expect(s.state).toBe('failed');
    expect(s.lastExit?.reason).toBe('killed');
    expect(s.lastError).toMatch(/no initialize response within 1500 ms/);
    expect(sup.list()).toEqual([]);
  });

  it('stopAll leaves no orphans, SIGKILLing a child that ignores SIGTERM', async () => {
    sup = track(createTestSupervisor());
    await sup.setServers([
      fixtureConfig('crashy', 'polite'),
      fixtureConfig('crashy', 'stubborn', { env: { IGNORE_SIGTERM: '1' } }),
      fixtureConfig('slow-start', 'slow', { env: { START_DELAY_MS: '60000' }, autostart: false }),
    ]);
    const slowStart = sup.start('slow'); // still starting when stopAll runs
    await waitForStatus(sup, 'slow', (s) => s.state === 'starting');
    const pids = sup
      .statuses()
      .map((s) => s.pid)
      .filter((p): p is number => p !== null);
    expect(pids).toHaveLength(2);
    const t0 = Date.now();
    await sup.stopAll();
    await slowStart;
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(sup.status('polite').lastExit).toMatchObject({ reason: 'exited', code: 0 });
    expect(sup.status('stubborn').lastExit).toMatchObject({ reason: 'killed', signal: 'SIGKILL' });
    expect(sup.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(sup.list()).toEqual([]);
  });
});
