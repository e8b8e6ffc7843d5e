// Tool-call latency, throughput and CPU per call, every column in interleaved rounds of one
// run so that ratios compare like with like on a shared machine: direct stdio (the floor),
// our gateway (the pipeline through its JSON entry, and through its SDK Server entry), mcp-proxy in front of the same stdio child, and a bare
// SDK Streamable HTTP server with the tool in-process (the floor for an SDK client). Each
// column is measured with the SDK's HTTP client and with a raw keep-alive client. Two floors
// without the SDK, raw client only: a bare node:http server answering in-process (the least
// any Node HTTP endpoint costs) and a minimal node:http-to-stdio relay in front of the same
// child (the least any Node HTTP-to-stdio proxy costs).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CONCURRENCY, httpClient, measure, rawClient, type Call, type Run } from './clients.js';
import { ECHO, ROOT, cpuTimes, rssKb, startServe, type ServeProcess } from './serve-process.js';
import { printLatency, type Cell, type Column } from './latency-report.js';

const SEQ_CALLS = Number(process.env.BENCH_SEQ ?? 1000);
const CONC_CALLS = Number(process.env.BENCH_CONC ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const require = createRequire(import.meta.url);
const ARGS = { text: 'hello' };

interface Target_ {
  key: string;
  label: string;
  url?: string;
  token?: string;
  tool: string;
  pid?: number;
  /** Measured with the raw client only (the floors speak no more MCP than the raw client needs). */
  rawOnly?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a process and resolves once a line on its stdout or stderr matches. */
async function spawnUntil(cmd: string, args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let out = '';
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code}: ${out.slice(-500)}`)));
  });
  return { child, match };
}

async function startMcpProxy(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const bin = path.join(path.dirname(require.resolve('mcp-proxy/package.json')), 'dist/bin/mcp-proxy.mjs');
  const args = [bin, '--server', 'stream', '--host', '127.0.0.1', '--port', String(port), '--', process.execPath, ECHO];
  const { child } = await spawnUntil(process.execPath, args, /starting server on port/);
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}

/** One of the bench's own servers (scripts/bench/<file>), which prints "listening <port>". */
async function startScript(file: string, ...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await spawnUntil(process.execPath, [path.join(ROOT, 'scripts/bench', file), ...args], /listening (\d+)/);
  return { child, url: `http://127.0.0.1:${match[1]}/mcp` };
}

/** Connects both clients, retrying while a just-started server is not accepting yet (bounded). */
async function connectBoth(t: Target_): Promise<{ sdk?: Call; raw: Call; close: () => Promise<void> }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const sdk = t.rawOnly ? undefined : await httpClient(t.url!, t.token);
      const raw = await rawClient(t.url!, t.token);
      return {
        sdk: sdk && (() => sdk.callTool({ name: t.tool, arguments: ARGS })),
        raw: () => raw.callTool(t.tool, ARGS),
        close: async () => {
          raw.close();
          await sdk?.close();
        },
      };
    } catch (err) {
      if (attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function timed(call: Call, total: number, conc: number, pid?: number): Promise<Cell> {
  const before = pid ? await cpuTimes(pid) : undefined;
  const run: Run = await measure(call, total, conc);
  if (!pid || !before) return run;
  const after = await cpuTimes(pid);
  const user = after.user - before.user;
  const sys = after.sys - before.sys;
  // measure() adds 50 warm-up calls.
  return { ...run, cpu: (user + sys) / (total + 50), sysShare: user + sys > 0 ? sys / (user + sys) : 0 };
}

export async function latencySection(dir: string): Promise<void> {
  const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  if (load) console.log(`\nLoad average at the start: ${load} (${os.cpus().length} cores).`);
  const direct = new Client({ name: 'bench-direct', version: '1.0.0' });
  await direct.connect(new StdioClientTransport({ command: process.execPath, args: [ECHO] }));
  const fast: ServeProcess = await startServe(dir, 'gw-fast');
  const off: ServeProcess = await startServe(dir, 'gw-off', { env: { MCP_ORCHESTRATOR_JSON_ENTRY: '0' } });
  const proxy = await startMcpProxy();
  const bare = await startScript('bare-sdk-server.mjs');
  const floorHttp = await startScript('floor-http.mjs');
  const floorRelay = await startScript('floor-relay.mjs', ECHO);
  const targets: Target_[] = [
    { key: 'fast', label: 'gateway (pipeline, JSON entry)', url: fast.url, token: fast.token, tool: 'bench__echo', pid: fast.child.pid },
    { key: 'off', label: 'gateway (pipeline, SDK Server entry)', url: off.url, token: off.token, tool: 'bench__echo', pid: off.child.pid },
    { key: 'proxy', label: 'mcp-proxy', url: proxy.url, tool: 'echo', pid: proxy.child.pid },
    { key: 'bare', label: 'bare SDK server, in-process tool', url: bare.url, tool: 'echo', pid: bare.child.pid },
    {
      key: 'floorHttp',
      label: 'node:http floor, in-process echo',
      url: floorHttp.url,
      tool: 'echo',
      pid: floorHttp.child.pid,
      rawOnly: true,
    },
    {
      key: 'floorRelay',
      label: 'minimal relay to the stdio child',
      url: floorRelay.url,
      tool: 'echo',
      pid: floorRelay.child.pid,
      rawOnly: true,
    },
  ];
  const conns = await Promise.all(targets.map(connectBoth));
  const directCall = () => direct.callTool({ name: 'echo', arguments: ARGS });
  const columns: (Column & { call: Call; pid?: number })[] = [
    { key: 'direct', label: 'direct stdio (SDK client)', rounds: [], call: directCall },
  ];
  targets.forEach((t, i) => {
    const { sdk, raw } = conns[i];
    if (sdk) columns.push({ key: `${t.key}Sdk`, label: `${t.label}, SDK client`, rounds: [], call: sdk, pid: t.pid });
    columns.push({ key: `${t.key}Raw`, label: `${t.label}, raw HTTP`, rounds: [], call: raw, pid: t.pid });
  });
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of columns) {
      const seq = await timed(c.call, SEQ_CALLS, 1, c.pid);
      const conc = await timed(c.call, CONC_CALLS, CONCURRENCY, c.pid);
      c.rounds.push({ seq, conc });
    }
  }
  const rss = { fast: await rssKb(fast.child.pid!), off: await rssKb(off.child.pid!) };
  await Promise.all(conns.map((c) => c.close()));
  await direct.close();
  for (const p of [proxy, bare, floorHttp, floorRelay]) p.child.kill('SIGINT');
  await Promise.all([fast.stop(), off.stop()]);
  printLatency(columns, rss, { seq: SEQ_CALLS, conc: CONC_CALLS, rounds: ROUNDS });
}
