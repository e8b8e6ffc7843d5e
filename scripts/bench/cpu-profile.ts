// `BENCH_ONLY=cpu-profile npm run bench`: `node --cpu-prof` on the gateway (serve) under the
// concurrency-16 raw-HTTP echo load, through the pipeline's JSON entry and through its SDK Server entry, and the top frames and
// areas by self time. The profiles stay in BENCH_PROFILE_DIR (default: a temp folder, removed).
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONCURRENCY, measure, rawClient } from './clients.js';
import { cpuMs, startServe } from './serve-process.js';

const CALLS = Number(process.env.BENCH_CONC ?? 4000) * 2;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** A frame's place, short: the package, node's own internals, or our file. */
function where(url: string): string {
  if (!url) return '';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (pkg) return `${pkg[1]}/${pkg[2].split('/').pop()}`;
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn.startsWith('(')) return fn;
  if (url.includes('/zod/')) return 'zod (schema parsing)';
  // v2 is split in packages (client, server, node, and core beneath them), v1 was one (sdk); each is one area.
  // The trailing slash keeps server-everything and the like out.
  if (/@modelcontextprotocol\/(sdk|client|server|node|core)\//.test(url)) return 'MCP SDK (other than zod)';
  if (url.startsWith('node:internal/http') || url.startsWith('node:_http') || url === 'node:http') return 'node http';
  if (url.startsWith('node:')) return 'node internals (streams, net, timers, ...)';
  if (url.includes('/electron/')) return 'gateway code';
  return 'other';
}

function printTop(title: string, entries: Map<string, number>, total: number, limit: number): void {
  console.log(`\n| ${title} | self ms | share of busy |\n|---|---|---|`);
  const rows = [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit);
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)} % |`);
}

/** Nodes under module loading (start-up: the loader, tsx, module evaluation), left out of the figures. */
function startupNodes(nodes: ProfileNode[]): Set<number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Set<number>();
  const mark = (id: number) => {
    out.add(id);
    for (const c of byId.get(id)?.children ?? []) mark(c);
  };
  for (const n of nodes) {
    const url = n.callFrame.url;
    if (!out.has(n.id) && (url.startsWith('node:internal/modules/') || url.includes('/tsx/'))) mark(n.id);
  }
  return out;
}

async function summarise(file: string, label: string, calls: number): Promise<void> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const perSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  const startup = startupNodes(profile.nodes);
  let busy = 0;
  for (const n of profile.nodes) {
    if (startup.has(n.id)) continue;
    const ms = (n.hitCount ?? 0) * perSample;
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)' || ms === 0) continue;
    busy += ms;
    const key = `${fn} ${where(n.callFrame.url)}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + ms);
    const a = area(n.callFrame.url, fn);
    areas.set(a, (areas.get(a) ?? 0) + ms);
  }
  console.log(
    `\n### ${label}: ${busy.toFixed(0)} ms busy in the profile, ${((busy / calls) * 1000).toFixed(0)} µs per call (profiler overhead included)`,
  );
  printTop('area', areas, busy, 10);
  printTop('frame', frames, busy, 20);
}

async function profileOne(dir: string, name: string, env: Record<string, string>): Promise<void> {
  const profDir = path.join(dir, `prof-${name}`);
  await mkdir(profDir, { recursive: true });
  const serve = await startServe(dir, name, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir], env, fromSource: true });
  const raw = await rawClient(serve.url, serve.token);
  const before = await cpuMs(serve.child.pid!);
  const run = await measure(() => raw.callTool('bench__echo', { text: 'hello' }), CALLS, CONCURRENCY);
  const cpu = ((await cpuMs(serve.child.pid!)) - before) / (CALLS + 50);
  raw.close();
  await serve.stop();
  console.log(
    `\n${name}: ${run.rps.toFixed(0)} calls/s, p50 ${run.p50.toFixed(2)} ms, gateway CPU ${cpu.toFixed(3)} ms/call (under the profiler)`,
  );
  // The main thread's profile is the largest; tsx's loader thread writes a small one too.
  const files = (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile'));
  const sized = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(profDir, f))).size })));
  const main = sized.sort((a, b) => b.size - a.size)[0];
  if (main) await summarise(path.join(profDir, main.f), name, CALLS + 50);
}

export async function gatewayCpuProfile(tmp: string): Promise<void> {
  const dir = process.env.BENCH_PROFILE_DIR ?? tmp;
  console.log(`\n## Gateway CPU profile: ${CALLS} raw-HTTP echo calls at concurrency ${CONCURRENCY}\n`);
  await profileOne(dir, 'json-entry', {});
  await profileOne(dir, 'sdk-entry', { MCP_ORCHESTRATOR_JSON_ENTRY: '0' });
}
