// I/O-bound starts must overlap: N children that each wait before answering are ready in about the
// time of one, not N times it. The child is a tiny /bin/sh MCP server (canned JSON-RPC replies) so the
// test measures the supervisor, not the CPU cost of booting Node on a shared 2-core machine.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, isAlive, REPO_ROOT, stdioConfig } from '../fixtures/servers/supervisor-harness.js';

const WAIT_S = 1;
const COUNT = 10;

// The benchmark's wait-only shell MCP server: canned replies, almost no CPU to start.
const SCRIPT = join(REPO_ROOT, 'scripts', 'bench', 'io-server.sh');

let sup: Supervisor | undefined;

afterEach(async () => {
  const pids =
    sup
      ?.statuses()
      .map((s) => s.pid)
      .filter((p): p is number => p !== null) ?? [];
  await sup?.stopAll();
  for (const pid of pids) expect(isAlive(pid)).toBe(false);
  sup = undefined;
});

describe.skipIf(process.platform === 'win32')('Supervisor parallel start', () => {
  it(`starts ${COUNT} children that each wait ${WAIT_S} s in far less than ${COUNT} s, and logs where the time went`, async () => {
    // No pings: they would only add noise to the timing.
    sup = createTestSupervisor({ settingsOver: { pingIntervalMs: 0 } });
    const started: string[] = [];
    sup.onLog((l) => {
      if (l.stream === 'system' && l.text.startsWith('started')) started.push(l.text);
    });
    const configs = Array.from({ length: COUNT }, (_, i) =>
      stdioConfig(`io${i}`, '/bin/sh', [SCRIPT], { env: { START_DELAY_S: String(WAIT_S) } }),
    );
    const t0 = performance.now();
    await sup.setServers(configs);
    const ms = performance.now() - t0;

    expect(sup.statuses().map((s) => [s.state, s.toolCount])).toEqual(configs.map(() => ['running', 1]));
    // Serialised starts would take >= COUNT * WAIT_S; generous bound for a loaded shared machine.
    expect(ms).toBeLessThan(WAIT_S * 1000 * 4);
    expect(started).toHaveLength(COUNT);
    for (const line of started) {
      expect(line).toMatch(/ready in \d+ ms \(before spawn \d+ ms, spawn \d+ ms, boot\+initialize \d+ ms, tools\/list \d+ ms\)$/);
    }
  });
});
