// `BENCH_ONLY=ab BENCH_BASELINE=<dir> npm run bench`: the gateway's CPU per call and throughput,
// this build (B) against another one (A: a copy of an earlier build's bin/ and dist/, placed
// inside this checkout so it finds the same node_modules), in interleaved rounds of one run, so
// that a change's effect is measured on the same machine load. Raw-HTTP echo calls, like the
// latency section's gateway CPU column.
import path from 'node:path';
import { CONCURRENCY, measure, rawClient, type Run } from './clients.js';
import { cpuMs, startServe, type ServeProcess } from './serve-process.js';

const CALLS = Number(process.env.BENCH_CONC ?? 4000);
const SEQ = Number(process.env.BENCH_SEQ ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Sample {
  conc: Run & { cpu: number };
  seq: Run & { cpu: number };
}

async function sample(serve: ServeProcess, call: () => Promise<unknown>): Promise<Sample> {
  const pid = serve.child.pid!;
  const timed = async (total: number, conc: number) => {
    const before = await cpuMs(pid);
    const run = await measure(call, total, conc);
    return { ...run, cpu: ((await cpuMs(pid)) - before) / (total + 50) };
  };
  const seq = await timed(SEQ, 1);
  return { seq, conc: await timed(CALLS, CONCURRENCY) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function abSection(dir: string): Promise<void> {
  const base = process.env.BENCH_BASELINE;
  if (!base) throw new Error('BENCH_BASELINE=<dir holding bin/ and dist/ of the baseline build> is required');
  const a = await startServe(dir, 'ab-a', { bin: path.resolve(base, 'bin/mcp-orchestrator.mjs') });
  const b = await startServe(dir, 'ab-b');
  const clients = await Promise.all([a, b].map((s) => rawClient(s.url, s.token)));
  const rows: { a: Sample; b: Sample }[] = [];
  const call = (i: number) => () => clients[i].callTool('bench__echo', { text: 'hello' });
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer or cooler machine.
    const first = r % 2;
    const s = [] as Sample[];
    s[first] = await sample([a, b][first], call(first));
    s[1 - first] = await sample([a, b][1 - first], call(1 - first));
    rows.push({ a: s[0], b: s[1] });
  }
  for (const c of clients) c.close();
  await Promise.all([a.stop(), b.stop()]);
  console.log(`\n## A/B: baseline (${base}) vs this build, raw-HTTP echo calls, ${ROUNDS} interleaved rounds\n`);
  console.log('| metric | A (baseline) | B (this build) | B ÷ A, median of rounds |\n|---|---|---|---|');
  const metrics: [string, (s: Sample) => number][] = [
    ['CPU ms/call, c16', (s) => s.conc.cpu],
    ['CPU ms/call, sequential', (s) => s.seq.cpu],
    ['c16 calls/s', (s) => s.conc.rps],
    ['seq p50 ms', (s) => s.seq.p50],
  ];
  for (const [name, f] of metrics) {
    const va = rows.map((x) => f(x.a));
    const vb = rows.map((x) => f(x.b));
    const ratio = median(rows.map((x) => f(x.b) / f(x.a)));
    console.log(`| ${name} | ${median(va).toFixed(3)} | ${median(vb).toFixed(3)} | ${ratio.toFixed(3)} |`);
  }
}
