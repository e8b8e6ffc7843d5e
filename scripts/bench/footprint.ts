// `npm run bench` sections for footprint and cold start (Linux: reads /proc). Every number is a
// real process on this machine: built-ins from dist/servers, serve from bin/, npx children resolved
// as serve resolves them. Bounded: fixed call counts, every wait has a deadline.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mcp-orchestrator.mjs');
const ECHO = path.join(ROOT, 'scripts/bench/echo-server.mjs');
const TICK = 100; // USER_HZ on Linux
const fmt = (n: number, d = 0) => n.toFixed(d);
const mb = (kb: number) => kb / 1024;

export interface Row {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

function procStat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

export function rssKb(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The process and all its descendants. */
export function tree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid) continue;
    const st = procStat(pid);
    if (st) parents.set(st.ppid, [...(parents.get(st.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of parents.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

function cpuTicks(pids: number[]): number {
  return pids.reduce((sum, p) => sum + (procStat(p)?.cpuTicks ?? 0), 0);
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function timeRuns(args: string[], env: NodeJS.ProcessEnv, n = 9): number {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

interface Serve {
  child: ChildProcess;
  url: string;
  token: string;
  base: string;
  listenedMs: number;
  stop(): Promise<void>;
}

export async function startServe(dir: string, name: string, config: object, env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  const fullEnv = { ...process.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-bench-${process.pid}`, ...env };
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--config', file, '--data-dir', dir, '--port', '0', '--no-ui', '--log-level', 'warn'],
    {
      env: fullEnv,
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let out = '';
  let listenedMs = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not print its banner in 60 s')), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/MCP endpoint: (\S+)/);
      if (m && !listenedMs) listenedMs = performance.now() - t0;
      if (m && out.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const token = spawnSync(process.execPath, [BIN, 'token', '--data-dir', dir], { env: fullEnv, encoding: 'utf8' }).stdout.trim();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, url, token, base: url.replace(/\/mcp$/, ''), listenedMs, stop: async () => void (child.kill('SIGINT'), await exited) };
}

function post(s: Serve, pathName: string, body: object, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${s.base}${pathName}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${s.token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (res) => {
        let data = '';
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve(data));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

interface Status {
  servers: Array<{ id: string; state: string; pid: number | null }>;
}

async function status(s: Serve): Promise<Status> {
  return (JSON.parse(await post(s, '/api/getStatus', { args: [] })) as { value: Status }).value;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const up = (st: string) => st === 'running' || st === 'degraded';

async function allUp(s: Serve): Promise<Status> {
  return until('every server up', async () => {
    const st = await status(s);
    return st.servers.every((x) => up(x.state) || x.state === 'stopped') ? st : undefined;
  });
}

/** RSS after the tree has been idle for a while, and the tree's CPU over a quiet window. */
async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

const BUILTIN_ENV = {
  OPENAI_API_KEY: 'sk-bench-not-used',
  GROQ_API_KEY: 'gsk_bench_not_used',
  LOCAL_LLM_PROBE_URLS: 'http://127.0.0.1:9/v1',
};

export async function coldStartRows(dir: string): Promise<Row[]> {
  const serve = await startServe(dir, 'cold', { servers: {}, orchestrator: { port: 0 } });
  const env = { ...process.env, MCP_ORCHESTRATOR_URL: serve.url, MCP_ORCHESTRATOR_TOKEN: serve.token };
  const node = timeRuns(['-e', '0'], env);
  const help = timeRuns([BIN, '--help'], env);
  const stat = timeRuns([BIN, 'status'], env);
  await serve.stop();
  const listens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await startServe(dir, `listen${i}`, { servers: {}, orchestrator: { port: 0 } });
    listens.push(s.listenedMs);
    await s.stop();
  }
  const listen = median(listens);
  return [
    { what: '`node -e 0` (baseline: Node itself on this machine)', value: `${fmt(node)} ms`, target: '', ok: true },
    { what: '`mcp-orchestrator --help` (median of 9)', value: `${fmt(help)} ms`, target: '≤ 350 ms', ok: help <= 350 },
    {
      what: '`mcp-orchestrator status` against a running serve (median of 9)',
      value: `${fmt(stat)} ms`,
      target: '≤ 350 ms',
      ok: stat <= 350,
    },
    { what: '`serve` launch → listening (median of 5)', value: `${fmt(listen)} ms`, target: '≤ 500 ms', ok: listen <= 500 },
  ];
}

export async function builtinRows(dir: string): Promise<Row[]> {
  const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'config.json'), 'utf8'));
  const builtins = Object.fromEntries(Object.entries(example.servers as Record<string, { builtin?: string }>).filter(([, v]) => v.builtin));
  const s = await startServe(dir, 'builtins', { servers: builtins, orchestrator: { port: 0 } }, BUILTIN_ENV);
  try {
    const st = await allUp(s);
    await settle(3000);
    return st.servers.map((x) => {
      const kb = tree(x.pid ?? 0).reduce((sum, p) => sum + rssKb(p), 0);
      return { what: `built-in \`${x.id}\` idle RSS`, value: `${fmt(mb(kb), 1)} MB`, target: '≤ 60 MB', ok: mb(kb) <= 60 };
    });
  } finally {
    await s.stop();
  }
}

export async function orchestratorRows(dir: string, calls = 1000): Promise<Row[]> {
  const servers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`echo${i}`, { command: process.execPath, args: [ECHO] }]));
  const s = await startServe(dir, 'ten', { servers, orchestrator: { port: 0, ping_interval: 300 } });
  try {
    await allUp(s);
    const init = {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    };
    const session = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${s.base}/mcp`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${s.token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['mcp-session-id'] ?? '')));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(init));
    });
    const h = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
    await post(s, '/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, h);
    for (let i = 0; i < calls; i++) {
      const params = { name: `echo${i % 10}__echo`, arguments: { text: `call ${i}` } };
      await post(s, '/mcp', { jsonrpc: '2.0', id: i + 1, method: 'tools/call', params }, h);
    }
    await settle(2000);
    const kb = rssKb(s.child.pid!);
    return [
      {
        what: `orchestrator RSS with 10 children after ${calls} calls`,
        value: `${fmt(mb(kb), 1)} MB`,
        target: '≤ 90 MB',
        ok: mb(kb) <= 90,
      },
    ];
  } finally {
    await s.stop();
  }
}

export async function exampleTreeRows(dir: string): Promise<Row[]> {
  const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'config.json'), 'utf8'));
  const s = await startServe(dir, 'example', { ...example, orchestrator: { ...example.orchestrator, port: 0 } }, BUILTIN_ENV);
  try {
    const st = await allUp(s);
    await settle(3000);
    const pids = tree(s.child.pid!);
    const kb = pids.reduce((sum, p) => sum + rssKb(p), 0);
    // Idle means after start-up: children that just booted still JIT-compile and collect garbage for several
    // seconds (measured: a burst of 6-8 ticks per Node process somewhere in its first ~20 s, then 0-1 tick per 10 s).
    await settle(27_000);
    // Those bursts are one-off (JIT tier-up, V8's memory reducer) and land at random in each process's first
    // ~40 s, later on a loaded machine: the median of five 10 s windows measures timers, not them; a busy
    // timer shows in every window. The max is printed beside it.
    const windows: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = cpuTicks(pids);
      await settle(10_000);
      windows.push((((cpuTicks(pids) - before) / TICK) * 1000 * 100) / 10_000);
    }
    const cpuPct = median(windows);
    return [
      {
        what: `example config, whole tree (${pids.length} processes, ${st.servers.filter((x) => up(x.state)).length} servers up)`,
        value: `${fmt(mb(kb), 0)} MB`,
        target: '≤ 500 MB',
        ok: mb(kb) <= 500,
      },
      {
        what: 'example config, idle CPU of the tree (median of 5 × 10 s after 30 s idle)',
        value: `${fmt(cpuPct, 2)} % (max ${fmt(Math.max(...windows), 2)} %)`,
        target: '≈ 0',
        ok: cpuPct < 1,
      },
    ];
  } finally {
    await s.stop();
  }
}

export function printRows(title: string, rows: Row[]): void {
  console.log(`\n## ${title}\n`);
  console.log('| measure | value | target | |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.value} | ${r.target} | ${r.target ? (r.ok ? 'ok' : 'MISSED') : ''} |`);
}
