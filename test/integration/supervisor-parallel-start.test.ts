// I/O-bound starts must overlap: N children that each wait before answering are ready in about the
// time of one, not N times it. The child is a tiny /bin/sh MCP server (canned JSON-RPC replies) so the
// test measures the supervisor, not the CPU cost of booting Node on a shared 2-core machine.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, isAlive, stdioConfig } from '../fixtures/servers/supervisor-harness.js';

const WAIT_S = 1;
const COUNT = 10;

// The SDK client sends initialize as request 0 and our tools/list count as request 1.
const SCRIPT = `#!/bin/sh
sleep "$WAIT_S"
while IFS= read -r line; do
  case "$line" in
    *'"method":"initialize"'*) printf '%s\\n' '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"slow-io","version":"1"}}}' ;;
    *'"method":"tools/list"'*) printf '%s\\n' '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}' ;;
  esac
done
`;

let sup: Supervisor | undefined;
let tmp: string | undefined;

afterEach(async () => {
  const pids = sup?.statuses().map((s) => s.pid).filter((p): p is number => p !== null) ?? [];
  await sup?.stopAll();
  for (const pid of pids) expect(isAlive(pid)).toBe(false);
  sup = undefined;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe.skipIf(process.platform === 'win32')('Supervisor parallel start', () => {
  it(`starts ${COUNT} children that each wait ${WAIT_S} s in far less than ${COUNT} s, and logs where the time went`, async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sup-par-'));
    const script = join(tmp, 'slow-io.sh');
    writeFileSync(script, SCRIPT);
    chmodSync(script, 0o755);
    // No pings: the canned server does not answer them.
    sup = createTestSupervisor({ settingsOver: { pingIntervalMs: 0 } });
    const started: string[] = [];
    sup.onLog((l) => {
      if (l.stream === 'system' && l.text.startsWith('started')) started.push(l.text);
    });
    const configs = Array.from({ length: COUNT }, (_, i) => stdioConfig(`io${i}`, '/bin/sh', [script], { env: { WAIT_S: String(WAIT_S) } }));
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
