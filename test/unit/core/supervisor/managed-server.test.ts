// The composed lifecycle on the injected clock: real children (plain node, no SDK, so they start in
// milliseconds) and virtual time for every backoff and ping interval. The test waits for the
// children's events (status changes), never for a fixed time.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/env.js';
import { CallMetrics } from '../../../../electron/core/metrics/latency.js';
import { Supervisor } from '../../../../electron/core/supervisor/supervisor.js';
import type { LogLine, OrchestratorSettings, ServerConfig, ServerStatus } from '../../../../shared/types.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { testSettings } from '../../../helpers/test-settings.js';

// A minimal MCP server over stdio: answers initialize and tools/list; ping per argv[1]:
// 'error' answers it with an error at once, 'hang' never answers.
const RAW_SERVER = `
const mode = process.argv[1];
let buf = '';
const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\\n');
process.stdin.on('data', (c) => {
  buf += c;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id === undefined) continue;
    if (msg.method === 'initialize')
      send({ id: msg.id, result: { protocolVersion: msg.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'raw', version: '1' } } });
    else if (msg.method === 'tools/list') send({ id: msg.id, result: { tools: [] } });
    else if (msg.method === 'ping' && mode === 'error') send({ id: msg.id, error: { code: -32603, message: 'not today' } });
  }
});
process.stdin.on('end', () => process.exit(0));
`;

function config(id: string, args: string[]): ServerConfig {
  return {
    id,
    name: id,
    description: '',
    transport: 'stdio',
    command: process.execPath,
    args,
    env: {},
    headers: {},
    requiredEnv: [],
    enabled: true,
    autostart: true,
    disabledTools: [],
  };
}

function setup(over: Partial<OrchestratorSettings>) {
  const clock = new TestClock(0);
  const settings = testSettings(over);
  const sup = new Supervisor({
    env: { logger: silentLogger, clock, dataDir: '/nonexistent', processEnv: { PATH: process.env.PATH } },
    settings: () => settings,
    resolveEnv: async () => ({}),
    redact: (t) => t,
    metrics: new CallMetrics(),
    guard: null,
  });
  const logs: LogLine[] = [];
  sup.onLog((l) => logs.push(l));
  /** The next status of `id` (the current one counts) matching `pred`, bounded in real time. */
  const until = (id: string, pred: (s: ServerStatus) => boolean, what: string) =>
    new Promise<ServerStatus>((resolve, reject) => {
      const finish = (s: ServerStatus) => {
        off();
        clearTimeout(bound);
        resolve(s);
      };
      const off = sup.onStatus((s) => s.id === id && pred(s) && finish(s));
      const bound = setTimeout(() => {
        off();
        reject(new Error(`no status "${what}" for ${id}; last ${JSON.stringify(sup.status(id))}`));
      }, 15_000);
      const now = sup.status(id);
      if (pred(now)) finish(now);
    });
  return { clock, sup, logs, until };
}

describe('ManagedServer in virtual time', () => {
  it('backs off 1, 2, 4, 8, 16 s after each crash and gives up on the 6th failure within the window', async () => {
    const { clock, sup, logs, until } = setup({
      backoffInitialMs: 1000,
      backoffMaxMs: 60_000,
      crashLoopMaxRestarts: 5,
      crashLoopWindowMs: 120_000,
    });
    const id = 'crasher';
    let backoffs = 0;
    sup.onStatus((s) => s.id === id && s.state === 'backoff' && backoffs++);
    await sup.setServers([config(id, ['-e', 'process.exit(3)'])]);
    const delays: number[] = [];
    for (let n = 1; n <= 5; n++) {
      const s = await until(id, () => backoffs === n, `backoff #${n}`);
      delays.push(s.nextRestartAt! - clock.now());
      await clock.advance(delays.at(-1)! - 1);
      expect(sup.status(id).state).toBe('backoff'); // not a millisecond early
      await clock.advance(1);
    }
    const failed = await until(id, (s) => s.state === 'failed', 'failed');
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(failed.restarts).toBe(5);
    expect(failed.lastExit?.reason).toBe('crashed');
    expect(logs.at(-1)?.text).toBe('6 failures within 120000 ms; not restarting until started manually');
    expect(clock.pending()).toEqual([]);
    await sup.stopAll();
  });

  it('whenConnected gives up after its wait on the injected clock while the server is backing off', async () => {
    const { clock, sup, until } = setup({ backoffInitialMs: 10_000, backoffMaxMs: 60_000 });
    const id = 'crasher';
    await sup.setServers([config(id, ['-e', 'process.exit(3)'])]);
    await until(id, (s) => s.state === 'backoff', 'backoff');
    let answer: boolean | 'pending' = 'pending';
    void sup.whenConnected(id, 5_000).then((ok) => (answer = ok));
    await clock.advance(4_999);
    expect(answer).toBe('pending');
    await clock.advance(1);
    expect(answer).toBe(false);
    expect(sup.status(id).state).toBe('backoff'); // the restart is still 5 s away
    await sup.stopAll();
  });

  it('two failed pings in a row replace the child (ping-timeout) and restart it after the backoff', async () => {
    const { clock, sup, until } = setup({ pingIntervalMs: 30_000, backoffInitialMs: 1000 });
    const id = 'no-ping';
    await sup.setServers([config(id, ['-e', RAW_SERVER, 'error'])]);
    const first = await until(id, (s) => s.state === 'running', 'running');
    await clock.advance(30_000);
    await until(id, (s) => s.state === 'degraded', 'degraded after one failed ping');
    await clock.advance(30_000);
    const backoff = await until(id, (s) => s.state === 'backoff', 'backoff after two');
    expect(backoff.lastExit?.reason).toBe('ping-timeout');
    expect(backoff.nextRestartAt! - clock.now()).toBe(1000);
    await clock.advance(1000);
    const again = await until(id, (s) => s.state === 'running' && s.pid !== first.pid, 'running again');
    expect(again.restarts).toBe(1);
    await sup.stopAll();
  });

  it('a ping still unanswered when a restart begins fails with the old connection and changes nothing', async () => {
    const { clock, sup, until } = setup({ pingIntervalMs: 30_000, pingTimeoutMs: 600_000 });
    const id = 'hangs';
    await sup.setServers([config(id, ['-e', RAW_SERVER, 'hang'])]);
    const first = await until(id, (s) => s.state === 'running', 'running');
    await clock.advance(30_000); // a ping is now in flight, never to be answered
    await sup.restart(id);
    const after = await until(id, (s) => s.state === 'running', 'running after restart');
    expect(after.pid).not.toBe(first.pid);
    expect(after.restarts).toBe(1);
    expect(after.lastExit?.reason).toBe('exited');
    // The old run's ping ended with its connection; only the new run's next ping is scheduled.
    expect(clock.pending()).toEqual([30_000]);
    await clock.advance(0);
    expect(sup.status(id)).toMatchObject({ state: 'running', restarts: 1, pid: after.pid });
    await sup.stopAll();
  });
});
