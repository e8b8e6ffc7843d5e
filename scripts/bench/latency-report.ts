// Prints the latency section: one table of every column (median of the rounds, with the
// range), then the gateway's targets, each computed per round (so a ratio's two sides come
// from the same round) and summarised as the median and range over rounds.
import type { Run } from './clients.js';

export interface Cell extends Run {
  /** CPU ms per call of the server process (undefined for direct stdio). */
  cpu?: number;
  /** Share of that CPU spent in the kernel (system time: sockets, pipes, wake-ups). */
  sysShare?: number;
}
export interface Column {
  key: string;
  label: string;
  rounds: { seq: Cell; conc: Cell }[];
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function summary(xs: number[], d = 2): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length > 1 && fmt(lo, d) !== fmt(hi, d) ? `${fmt(median(xs), d)} (${fmt(lo, d)}–${fmt(hi, d)})` : fmt(median(xs), d);
}

interface Metric {
  name: string;
  target: string;
  ok: (v: number) => boolean;
  digits: number;
  perRound: (c: Record<string, Column>, r: number) => number;
}

const METRICS: Metric[] = [
  {
    name: 'gateway CPU per proxied tools/call, raw HTTP c16 (ms)',
    target: '≤ 0.12',
    ok: (v) => v <= 0.12,
    digits: 3,
    perRound: (c, r) => c.xRaw.rounds[r].conc.cpu!,
  },
  {
    name: '… of which kernel (system) time, share',
    target: '',
    ok: () => true,
    digits: 2,
    perRound: (c, r) => c.xRaw.rounds[r].conc.sysShare!,
  },
  {
    name: 'gateway CPU per proxied tools/call, SDK client c16 (ms)',
    target: '',
    ok: () => true,
    digits: 3,
    perRound: (c, r) => c.xSdk.rounds[r].conc.cpu!,
  },
  {
    name: 'c16 throughput, raw HTTP ÷ direct stdio',
    target: '≥ 0.80',
    ok: (v) => v >= 0.8,
    digits: 2,
    perRound: (c, r) => c.xRaw.rounds[r].conc.rps / c.direct.rounds[r].conc.rps,
  },
  {
    name: 'added p50 over direct, raw HTTP, sequential (ms)',
    target: '≤ 0.25',
    ok: (v) => v <= 0.25,
    digits: 3,
    perRound: (c, r) => c.xRaw.rounds[r].seq.p50 - c.direct.rounds[r].seq.p50,
  },
  {
    name: 'SDK-client p50 ÷ bare SDK server p50, sequential',
    target: '≤ 1.00',
    ok: (v) => v <= 1,
    digits: 2,
    perRound: (c, r) => c.xSdk.rounds[r].seq.p50 / c.bareSdk.rounds[r].seq.p50,
  },
  {
    name: 'SDK-client p50 ÷ mcp-proxy p50, sequential',
    target: '',
    ok: () => true,
    digits: 2,
    perRound: (c, r) => c.xSdk.rounds[r].seq.p50 / c.proxySdk.rounds[r].seq.p50,
  },
];

/** A per-call figure of one raw-HTTP column in one round, for the floors table. */
interface FloorMetric {
  name: string;
  digits: number;
  /** A difference (added p50) has no meaningful ratio: a floor's can be ≤ 0. */
  noRatio?: boolean;
  value: (col: Column, direct: Column, r: number) => number;
}

const FLOOR_METRICS: FloorMetric[] = [
  { name: 'CPU per call, c16 (ms)', digits: 3, value: (c, _d, r) => c.rounds[r].conc.cpu! },
  { name: 'CPU per call, sequential (ms)', digits: 3, value: (c, _d, r) => c.rounds[r].seq.cpu! },
  {
    name: 'added p50 over direct, sequential (ms)',
    digits: 3,
    noRatio: true,
    value: (c, d, r) => c.rounds[r].seq.p50 - d.rounds[r].seq.p50,
  },
  { name: 'c16 throughput ÷ direct stdio', digits: 2, value: (c, d, r) => c.rounds[r].conc.rps / d.rounds[r].conc.rps },
];

/** The gateway against the two floors (raw client), each ratio taken within one round. */
function printFloors(byKey: Record<string, Column>, rounds: number): void {
  const { direct, floorHttpRaw, floorRelayRaw, fastRaw, offRaw } = byKey;
  if (!floorHttpRaw || !floorRelayRaw) return;
  console.log('\n### The gateway against the floors (raw HTTP; each ratio from one round; median and range over rounds)\n');
  console.log(
    '| metric | node:http floor | minimal relay | gateway, pipeline | pipeline ÷ relay | pipeline ÷ node:http | SDK Server entry |\n|---|---|---|---|---|---|---|',
  );
  const per = (m: FloorMetric, col: Column) => Array.from({ length: rounds }, (_, r) => m.value(col, direct, r));
  for (const m of FLOOR_METRICS) {
    const [http, relay, fast, off] = [floorHttpRaw, floorRelayRaw, fastRaw, offRaw].map((col) => per(m, col));
    const ratio = (floor: number[]) => (m.noRatio ? '–' : summary(fast.map((v, r) => v / floor[r])));
    const cells = [http, relay, fast].map((xs) => summary(xs, m.digits));
    console.log(`| ${m.name} | ${cells.join(' | ')} | ${ratio(relay)} | ${ratio(http)} | ${summary(off, m.digits)} |`);
  }
}

function printColumns(columns: Column[], n: { seq: number; conc: number }): void {
  console.log(
    `| column | seq p50 ms | seq p99 ms | seq CPU ms/call | c16 p50 ms | c16 p99 ms | c16 calls/s | c16 CPU ms/call |\n|---|---|---|---|---|---|---|---|`,
  );
  for (const c of columns) {
    const seq = c.rounds.map((r) => r.seq);
    const conc = c.rounds.map((r) => r.conc);
    const cpu = (cells: Cell[]) =>
      cells[0].cpu === undefined
        ? '–'
        : summary(
            cells.map((x) => x.cpu!),
            3,
          );
    const row = [
      c.label,
      summary(seq.map((x) => x.p50)),
      summary(seq.map((x) => x.p99)),
      cpu(seq),
      summary(conc.map((x) => x.p50)),
      summary(conc.map((x) => x.p99)),
      summary(
        conc.map((x) => x.rps),
        0,
      ),
      cpu(conc),
    ];
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log(`\n(${n.seq} sequential and ${n.conc} concurrency-16 echo calls per column and round, after 50 warm-up calls.)`);
}

export function printLatency(
  columns: Column[],
  rssKb: { fast: number; off: number },
  n: { seq: number; conc: number; rounds: number },
): void {
  const byKey = Object.fromEntries(columns.map((c) => [c.key, c]));
  console.log(`\n## Tool calls: direct stdio, the gateway, mcp-proxy, a bare SDK server (${n.rounds} interleaved rounds)\n`);
  console.log("Each cell: median of the rounds (range). CPU = the server process's user+system time (/proc) ÷ calls.\n");
  printColumns(columns, n);
  printFloors(byKey, n.rounds);
  console.log('\n### Gateway targets (each ratio from one round; median and range over rounds)\n');
  console.log('| metric | target | pipeline (JSON entry) | met | SDK Server entry |\n|---|---|---|---|---|');
  for (const m of METRICS) {
    const values = (x: 'fast' | 'off') => {
      const cols = { ...byKey, xRaw: byKey[`${x}Raw`], xSdk: byKey[`${x}Sdk`] };
      return Array.from({ length: n.rounds }, (_, r) => m.perRound(cols, r));
    };
    const fast = values('fast');
    const met = m.target === '' ? '' : m.ok(median(fast)) ? 'yes' : 'no';
    console.log(`| ${m.name} | ${m.target} | ${summary(fast, m.digits)} | ${met} | ${summary(values('off'), m.digits)} |`);
  }
  const mb = (kb: number) => kb / 1024;
  const rssMet = mb(rssKb.fast) <= 100 ? 'yes' : 'no';
  console.log(`| gateway RSS after the latency runs (MiB) | ≤ 100 | ${fmt(mb(rssKb.fast), 1)} | ${rssMet} | ${fmt(mb(rssKb.off), 1)} |`);
}
