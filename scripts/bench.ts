// `npm run bench`: measures the gateway against direct stdio side by side in one run, plus
// parallel start-up and tools/list over many tools. Bounded in calls and time; loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createCore } from '../electron/core/create-core.js';
import { MemorySecretStore } from '../electron/core/secrets/secret-store.js';
import { percentile } from '../electron/core/metrics/latency.js';
import { quietFetchListenerWarning } from '../electron/cli/warnings.js';
import { builtinRows, coldStartRows, exampleTreeRows, orchestratorRows, printRows } from './bench/footprint.js';
import { profilesSection } from './bench/profiles-section.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ECHO = path.join(ROOT, 'scripts/bench/echo-server.mjs');
const IO_SERVER = path.join(ROOT, 'scripts/bench/io-server.sh');
const SEQ_CALLS = Number(process.env.BENCH_SEQ ?? 1000);
const CONC_CALLS = Number(process.env.BENCH_CONC ?? 4000);
const CONCURRENCY = 16;

type Call = () => Promise<unknown>;
interface Run {
  p50: number;
  p99: number;
  rps: number;
}

async function measure(call: Call, total: number, concurrency: number): Promise<Run> {
  for (let i = 0; i < 50; i++) await call(); // warm-up: JIT and connection set-up
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const s = performance.now();
      await call();
      samples.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50)!, p99: percentile(samples, 99)!, rps: (total / elapsed) * 1000 };
}

interface BenchServer {
  env?: Record<string, string>;
  /** Defaults to the Node echo server. */
  command?: string;
  args?: string[];
}

function seedConfig(servers: Record<string, BenchServer>) {
  const entries = Object.fromEntries(
    Object.entries(servers).map(([id, s]) => [id, { command: s.command ?? process.execPath, args: s.args ?? [ECHO], env: s.env ?? {} }]),
  );
  return JSON.stringify({ servers: entries, orchestrator: { port: 0, ping_interval: 300 } }, null, 2);
}

async function startServe(dir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const config = path.join(dir, 'serve.json');
  await writeFile(config, seedConfig({ bench: {} }));
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/mcp-orchestrator.mjs'),
      'serve',
      '--config',
      config,
      '--data-dir',
      dir,
      '--port',
      '0',
      '--no-ui',
      '--log-level',
      'warn',
    ],
    {
      env: { ...process.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-bench-${process.pid}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/MCP endpoint: (\S+)/);
      if (m && out.includes('Press Ctrl-C')) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const token = (await runCli(['token', '--data-dir', dir], child)).trim();
  return { child, url, token };
}

async function runCli(args: string[], serve: ChildProcess): Promise<string> {
  const p = spawn(process.execPath, [path.join(ROOT, 'bin/mcp-orchestrator.mjs'), ...args], {
    env: { ...process.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-bench-${process.pid}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  await new Promise((r) => p.once('exit', r));
  void serve;
  return out;
}

async function httpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/**
 * A minimal JSON-RPC-over-HTTP MCP client (node:http, keep-alive): what the gateway costs
 * without the SDK client's fetch/web-stream overhead, which IDEs pay whichever server they use.
 */
async function rawClient(url: string, token: string) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sessionId = '';
  let nextId = 1;
  const post = (message: object) =>
    new Promise<{ status: number; sid?: string; body: string }>((resolve, reject) => {
      const payload = JSON.stringify(message);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'content-length': String(Buffer.byteLength(payload)),
      };
      if (sessionId) Object.assign(headers, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' });
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, sid: res.headers['mcp-session-id'] as string | undefined, body }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const clientInfo = { name: 'bench-raw', version: '1.0.0' };
  const init = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo },
  });
  if (init.status !== 200 || !init.sid) throw new Error(`raw initialize failed: ${init.status}`);
  sessionId = init.sid;
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const request = async (method: string, params: object) => {
    const r = await post({ jsonrpc: '2.0', id: nextId++, method, params });
    // JSON reply, or SSE whose last data line carries the response.
    const json = r.body.startsWith('{')
      ? r.body
      : (r.body
          .match(/^data: (.*)$/gm)
          ?.pop()
          ?.slice(6) ?? '');
    const parsed = JSON.parse(json) as { result?: Record<string, unknown> };
    if (r.status !== 200 || !parsed.result) throw new Error(`raw ${method} failed: ${r.status} ${r.body.slice(0, 200)}`);
    return parsed.result;
  };
  const callTool = (name: string, args: object) => request('tools/call', { name, arguments: args });
  const listTools = () => request('tools/list', {});
  return { callTool, listTools, close: () => agent.destroy() };
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function latencySection(dir: string) {
  const direct = new Client({ name: 'bench-direct', version: '1.0.0' });
  await direct.connect(new StdioClientTransport({ command: process.execPath, args: [ECHO] }));
  const serve = await startServe(dir);
  const viaGateway = await httpClient(serve.url, serve.token);
  const raw = await rawClient(serve.url, serve.token);
  const args = { text: 'hello' };
  const rows: string[][] = [];
  for (const [label, total, conc] of [
    ['sequential', SEQ_CALLS, 1],
    [`concurrency ${CONCURRENCY}`, CONC_CALLS, CONCURRENCY],
  ] as const) {
    const d = await measure(() => direct.callTool({ name: 'echo', arguments: args }), total, conc);
    const g = await measure(() => viaGateway.callTool({ name: 'bench__echo', arguments: args }), total, conc);
    const r = await measure(() => raw.callTool('bench__echo', args), total, conc);
    const pct = (x: Run) => `${fmt((x.rps / d.rps) * 100, 0)}%`;
    rows.push([
      label,
      `${fmt(d.p50)} / ${fmt(d.p99)}`,
      `${fmt(g.p50)} / ${fmt(g.p99)}`,
      `+${fmt(g.p50 - d.p50, 3)}`,
      `${fmt(r.p50)} / ${fmt(r.p99)}`,
      `+${fmt(r.p50 - d.p50, 3)}`,
      fmt(d.rps, 0),
      `${fmt(g.rps, 0)} (${pct(g)})`,
      `${fmt(r.rps, 0)} (${pct(r)})`,
    ]);
  }
  const rss = await rssKb(serve.child.pid!);
  raw.close();
  await viaGateway.close();
  await direct.close();
  serve.child.kill('SIGINT');
  await new Promise((r) => serve.child.once('exit', r));
  console.log('\n## Tool calls: direct stdio vs through the gateway (echo tool)\n');
  console.log(
    "SDK client = the MCP SDK Streamable HTTP client, as IDEs use; raw HTTP = JSON-RPC over node:http keep-alive, no SDK client (the gateway's own cost).\n",
  );
  console.log(
    '| load | direct p50 / p99 ms | gateway, SDK client p50 / p99 ms | added p50 ms (SDK client) | gateway, raw HTTP p50 / p99 ms | added p50 ms (raw HTTP) | direct calls/s | SDK client calls/s (vs direct) | raw HTTP calls/s (vs direct) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nGateway process RSS after the run: ${fmt(rss / 1024, 1)} MiB`);
}

async function coreWith(dir: string, name: string, servers: Record<string, BenchServer>) {
  const configPath = path.join(dir, `${name}.json`);
  await writeFile(configPath, seedConfig(servers));
  return createCore({ configPath, dataDir: dir, secretStore: new MemorySecretStore(), port: 0 });
}

async function timeStart(dir: string, name: string, servers: Record<string, BenchServer>) {
  const core = await coreWith(dir, name, servers);
  const t0 = performance.now();
  await core.start();
  // The gateway listens before the children are up; this section times the children.
  await core.childrenStarted();
  const ms = performance.now() - t0;
  const running = core.getServerStatus().totals.running;
  await core.stop();
  return { ms, running };
}

async function startupSection(dir: string) {
  console.log('\n## Start-up: 20 children in parallel vs the slowest single child\n');
  console.log('| child kind | slowest single start ms (of 3) | 20 children ready ms | ratio | target |');
  console.log('|---|---|---|---|---|');
  const kinds: Array<[string, BenchServer]> = [
    ['CPU-bound: Node + SDK server', {}],
    ['I/O-bound: waits 500 ms, then answers', { command: '/bin/sh', args: [IO_SERVER], env: { START_DELAY_S: '0.5' } }],
  ];
  for (const [kind, server] of kinds) {
    let single = 0;
    for (let i = 0; i < 3; i++) single = Math.max(single, (await timeStart(dir, `single-${i}`, { one: server })).ms);
    const servers = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, server]));
    const many = await timeStart(dir, 'twenty', servers);
    if (many.running !== 20) throw new Error(`only ${many.running}/20 children started`);
    console.log(`| ${kind} | ${fmt(single, 0)} | ${fmt(many.ms, 0)} | ${fmt(many.ms / single, 2)}x | < 2x |`);
  }
  console.log(
    `\n(${os.cpus().length} CPU cores. A Node child needs ~0.4 s of CPU to boot, so CPU-bound starts overlap only as far as the cores allow; the I/O-bound row shows the supervisor's own parallelism.)`,
  );
}

async function toolsListSection(dir: string) {
  const servers = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, { env: { TOOL_COUNT: '19' } }]));
  const core = await coreWith(dir, 'fifty', servers);
  const endpoint = await core.start();
  await core.childrenStarted();
  const client = await httpClient(endpoint.url, core.token);
  const raw = await rawClient(endpoint.url, core.token);
  const count = (await client.listTools()).tools.length;
  const sdk = await measure(() => client.listTools(), 200, 1);
  const plain = await measure(() => raw.listTools(), 200, 1);
  raw.close();
  await client.close();
  await core.stop();
  console.log('\n## tools/list through the gateway (50 children × 20 tools)\n');
  console.log('| client | tools listed | p50 ms | p99 ms | target |\n|---|---|---|---|---|');
  console.log(`| raw HTTP (gateway's own cost) | ${count} | ${fmt(plain.p50)} | ${fmt(plain.p99)} | p50 < 5 ms |`);
  console.log(`| SDK client (adds its own parse + schema validation of every tool) | ${count} | ${fmt(sdk.p50)} | ${fmt(sdk.p99)} | |`);
}

async function main() {
  quietFetchListenerWarning();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-orch-bench-'));
  console.log(
    `# MCP Orchestrator benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores)`,
  );
  // BENCH_ONLY=footprint, =latency or =profiles runs one part.
  const only = process.env.BENCH_ONLY;
  try {
    if (!only || only === 'footprint') {
      printRows('Cold start', await coldStartRows(dir));
      printRows("Footprint (RSS includes each process's own children)", [
        ...(await builtinRows(dir)),
        ...(await orchestratorRows(dir)),
        ...(await exampleTreeRows(dir)),
      ]);
    }
    if (!only || only === 'latency') {
      await latencySection(dir);
      await startupSection(dir);
      await toolsListSection(dir);
    }
    if (!only || only === 'profiles') await profilesSection(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
