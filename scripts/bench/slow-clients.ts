// `BENCH_ONLY=slow-clients npm run bench`: serve in front of a chatty child (the test fixture:
// an 8 KB log notification every 10 ms to every session that asked for logs), with 20 sessions
// whose GET stream stopped reading and 20 tools/call reply streams that stopped reading (each
// call reports 8 KB of progress every 10 ms for the whole run; BENCH_SLOW_LOG_BYTES and
// BENCH_SLOW_PROGRESS_BYTES change the sizes). Prints serve's RSS over the run and
// how fast /health and an authenticated tools/call answer at its end.
import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import path from 'node:path';
import { messagesOf, openSession, pausedRequest, post, type RawTarget } from '../../test/helpers/raw-mcp.js';
import { startServe } from '../../test/helpers/serve-process.js';
import { rssMb } from '../../test/helpers/proc.js';
import { ROOT } from './serve-process.js';

const STREAMS = 20;
const SECONDS = Number(process.env.BENCH_SLOW_SECONDS ?? 60);
/** Bytes of each log notification (one every 10 ms) and of each progress notification (every 10 ms per call). */
const LOG_BYTES = Number(process.env.BENCH_SLOW_LOG_BYTES ?? 8192);
const PROGRESS_BYTES = Number(process.env.BENCH_SLOW_PROGRESS_BYTES ?? 8192);

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function slowClientsSection(dir: string): Promise<void> {
  const chatty = {
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'test/fixtures/servers/chatty.ts')],
    cwd: ROOT,
    env: { CHATTY_EVERY_MS: '10', CHATTY_BURST: '1', CHATTY_LOG_BYTES: String(LOG_BYTES) },
    // The paused calls run for the whole measurement.
    timeout: SECONDS + 60,
  };
  await mkdir(path.join(dir, 'slow'), { recursive: true });
  const h = await startServe({ servers: { chatty }, orchestrator: { port: 0 } }, { dir: path.join(dir, 'slow'), ui: false });
  const sockets: Socket[] = [];
  try {
    const pid = h.child.pid!;
    const t: RawTarget = { url: h.url, token: h.token };
    const start = rssMb(pid);
    for (let i = 0; i < STREAMS; i++) await pausedRequest(t, 'GET', await openSession(t, 'debug'), undefined, sockets);
    for (let i = 0; i < STREAMS; i++) {
      const args = { count: SECONDS * 100, bytes: PROGRESS_BYTES, pause_ms: 10 };
      const call = {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'chatty__work', arguments: args, _meta: { progressToken: i } },
      };
      await pausedRequest(t, 'POST', await openSession(t), call, sockets);
    }
    let peak = start;
    const deadline = Date.now() + SECONDS * 1000;
    while (Date.now() < deadline) {
      peak = Math.max(peak, rssMb(pid));
      await new Promise((r) => setTimeout(r, 500));
    }
    const end = rssMb(pid);
    const health: number[] = [];
    const calls: number[] = [];
    const sid = await openSession(t);
    for (let i = 0; i < 5; i++) {
      health.push(await ms(() => fetch(`${h.base}/health`).then((r) => r.text())));
      const body = { jsonrpc: '2.0', id: 10 + i, method: 'tools/call', params: { name: 'chatty__echo', arguments: { text: 'x' } } };
      calls.push(await ms(async () => messagesOf(await post(t, sid, body))));
    }
    const drops = (re: RegExp) => h.stderr().match(re)?.length ?? 0;
    const rate = (bytes: number) => `${((bytes * 100) / 1e6).toFixed(1)} MB/s`;
    console.log(`\n## Slow clients: ${STREAMS} paused GET streams + ${STREAMS} paused reply streams, chatty child, ${SECONDS} s\n`);
    console.log(`(logs ${rate(LOG_BYTES)} to each listening session, progress ${rate(PROGRESS_BYTES)} per paused call)\n`);
    console.log('| measure | value | target |\n|---|---|---|');
    console.log(`| serve RSS at start / peak / end | ${start.toFixed(0)} / ${peak.toFixed(0)} / ${end.toFixed(0)} MB | |`);
    console.log(`| RSS growth (peak − start) | ${(peak - start).toFixed(0)} MB | ≤ 64 MB |`);
    console.log(
      `| streams dropped at their budget (GET / reply) | ${drops(/dropping a GET stream/g)} / ${drops(/dropping a reply stream/g)} | ${STREAMS} / ${STREAMS} |`,
    );
    console.log(
      `| /health at the end (max / median of 5) | ${Math.max(...health).toFixed(1)} / ${median(health).toFixed(1)} ms | ≤ 250 ms |`,
    );
    console.log(
      `| authenticated tools/call at the end (max / median of 5) | ${Math.max(...calls).toFixed(1)} / ${median(calls).toFixed(1)} ms | ≤ 250 ms |`,
    );
  } finally {
    for (const s of sockets) s.destroy();
    await h.stop();
  }
}
