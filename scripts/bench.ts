// `npm run bench`: measures the gateway against direct stdio side by side in one run, plus
// parallel start-up and tools/list over many tools. Bounded in calls and time; loopback only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/create-core.js';
import { MemorySecretStore } from '../electron/core/secrets/secret-store.js';
import { quietFetchListenerWarning } from '../electron/cli/warnings.js';
import { httpClient, measure, rawClient } from './bench/clients.js';
import { abSection } from './bench/ab.js';
import { gatewayCpuProfile } from './bench/cpu-profile.js';
import { latencySection } from './bench/latency.js';
import { ROOT, seedConfig, type BenchServer } from './bench/serve-process.js';
import { builtinRows, coldStartRows, exampleTreeRows, orchestratorRows, printRows } from './bench/footprint.js';
import { profilesSection } from './bench/profiles-section.js';
import { balanceSection } from './bench/balance-section.js';
import { slowClientsSection } from './bench/slow-clients.js';

const IO_SERVER = path.join(ROOT, 'scripts/bench/io-server.sh');

const fmt = (n: number, d = 2) => n.toFixed(d);

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

/** What the raw client spends parsing one reply of this size, which its tools/list p50 includes. */
function clientParseMs(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    JSON.parse(text);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[25];
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
  const parse = clientParseMs(JSON.stringify({ jsonrpc: '2.0', id: 1, result: await raw.listTools() }));
  raw.close();
  await client.close();
  await core.stop();
  console.log('\n## tools/list through the gateway (50 children × 20 tools)\n');
  console.log('| client | tools listed | p50 ms | p99 ms | target |\n|---|---|---|---|---|');
  console.log(`| raw HTTP (gateway's own cost) | ${count} | ${fmt(plain.p50)} | ${fmt(plain.p99)} | p50 ≤ 4 ms |`);
  console.log(`| … of which the raw client's JSON.parse of the reply (median of 50) | | ${fmt(parse)} | | |`);
  console.log(`| SDK client (adds its own parse + schema validation of every tool) | ${count} | ${fmt(sdk.p50)} | ${fmt(sdk.p99)} | |`);
}

async function main() {
  quietFetchListenerWarning();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-orch-bench-'));
  console.log(
    `# MCP Orchestrator benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores)`,
  );
  // BENCH_ONLY=footprint, =latency, =profiles, =balance or =slow-clients runs one part; =cpu-profile profiles the gateway under load;
  // =ab compares this build's gateway with another (BENCH_BASELINE, see bench/ab.ts).
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
    if (!only || only === 'balance') await balanceSection(dir);
    if (!only || only === 'slow-clients') await slowClientsSection(dir);
    if (only === 'cpu-profile') await gatewayCpuProfile(dir);
    if (only === 'ab') await abSection(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
