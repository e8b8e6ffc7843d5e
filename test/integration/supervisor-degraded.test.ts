// A child that connects but cannot list its tools is `degraded` with the reason, and the list
// is retried with backoff until it works; then it is `running` again with its tools counted.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../shared/types.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, FIXTURE_DIR, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';

let sup: Supervisor | undefined;
afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
});

const listFails = (env: Record<string, string>, timeoutMs?: number) =>
  stdioConfig('lister', process.execPath, ['--import', 'tsx', path.join(FIXTURE_DIR, 'list-fails.ts')], {
    env,
    ...(timeoutMs ? { timeoutMs } : {}),
  });

/** Every state the server passes through, in order. */
function recordStates(s: Supervisor): ServerStatus[] {
  const seen: ServerStatus[] = [];
  s.onStatus((st) => {
    if (st.id === 'lister' && seen.at(-1)?.state !== st.state) seen.push(st);
  });
  return seen;
}

describe('tools/list health', () => {
  it('a failing tools/list makes the server degraded with the reason, and a retry brings it back', async () => {
    sup = createTestSupervisor({ settingsOver: { backoffInitialMs: 200, backoffMaxMs: 800 } });
    const states = recordStates(sup);
    await sup.setServers([listFails({ LIST_FAILS: '2' })]);
    const degraded = states.find((s) => s.state === 'degraded');
    expect(degraded?.lastError).toMatch(/tools\/list failed: .*tools\/list refused \(attempt 1\)/);
    const back = await waitForStatus(sup, 'lister', (s) => s.state === 'running', 20_000);
    expect(back.toolCount).toBe(1);
    expect(back.lastError).toBeNull();
    expect(states.map((s) => s.state)).toEqual(['starting', 'degraded', 'running']);
    expect(sup.get('lister')).toBeDefined();
    const logs = sup.logs('lister').map((l) => l.text);
    expect(logs.some((t) => /degraded, retrying in 200 ms/.test(t))).toBe(true);
    expect(logs.some((t) => /degraded, retrying in 400 ms/.test(t))).toBe(true);
    expect(logs.some((t) => /tools\/list succeeded again, 1 tools/.test(t))).toBe(true);
  }, 40_000);

  it('a tools/list that times out counts as failed too', async () => {
    sup = createTestSupervisor({ settingsOver: { backoffInitialMs: 100, backoffMaxMs: 400 } });
    const states = recordStates(sup);
    await sup.setServers([listFails({ LIST_FAILS: '1', LIST_HANGS: '1' }, 1500)]);
    expect(states.find((s) => s.state === 'degraded')?.lastError).toMatch(/tools\/list failed: .*timed out/i);
    const back = await waitForStatus(sup, 'lister', (s) => s.state === 'running', 20_000);
    expect(back.toolCount).toBe(1);
  }, 40_000);
});
