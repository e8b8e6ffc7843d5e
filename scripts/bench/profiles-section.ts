// The context cost of tools/list per endpoint (full, a filtered profile, a discovery profile)
// for 10 server-everything children and for 50 children × 20 tools, and search_tools latency
// over 1,000 tools. Run alone with `npm run bench:profiles`; `npm run bench` includes it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Client, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { createCore } from '../../electron/core/create-core.js';
import { percentile } from '../../electron/core/metrics/latency.js';
import { ToolSearch } from '../../electron/core/profiles/tool-search.js';
import { MemorySecretStore } from '../../electron/core/secrets/secret-store.js';
import { estimateTokens, utf8Bytes } from '../../shared/profiles.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ECHO = path.join(ROOT, 'scripts/bench/echo-server.mjs');
const require = createRequire(import.meta.url);
const EVERYTHING = path.join(path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')), 'dist/index.js');
const SEARCH_RUNS = 2_000;
const QUERIES = ['echo text', 'synthetic tool 42', 'tool_7', 'number', 'tool 999', 'echo back', 'synthetic', 't3 echo'];

interface SetUp {
  title: string;
  servers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
  profiles: Record<string, unknown>;
  /** Label of each profile row, by profile name. */
  labels: Record<string, string>;
  /** Runs while the gateway is up. */
  during?: (url: string, token: string) => Promise<void>;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench-profiles', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** Bytes of the tools/list result as a client receives it (what ends up in the agent's context). */
async function listCost(url: string, token: string): Promise<{ tools: Tool[]; bytes: number }> {
  const client = await connect(url, token);
  try {
    const { tools } = await client.listTools();
    return { tools, bytes: utf8Bytes(JSON.stringify({ tools })) };
  } finally {
    await client.close();
  }
}

async function costTable(dir: string, setUp: SetUp): Promise<Tool[]> {
  const configPath = path.join(dir, `profiles-${Object.keys(setUp.servers).length}.json`);
  await writeFile(
    configPath,
    JSON.stringify({ servers: setUp.servers, orchestrator: { port: 0, ping_interval: 300 }, profiles: setUp.profiles }),
  );
  const core = createCore({ configPath, dataDir: dir, secretStore: new MemorySecretStore(), port: 0 });
  const endpoint = await core.start();
  try {
    const full = await listCost(endpoint.url, core.token);
    console.log(`\n### ${setUp.title}\n`);
    console.log('| endpoint | tools listed | tools/list bytes | ≈tokens (bytes/4) | vs full |\n|---|---|---|---|---|');
    console.log(`| full \`/mcp\` | ${full.tools.length} | ${full.bytes} | ${estimateTokens(full.bytes)} | 100% |`);
    for (const [name, label] of Object.entries(setUp.labels)) {
      const c = await listCost(`${endpoint.url}/${name}`, core.token);
      console.log(
        `| ${label} \`/mcp/${name}\` | ${c.tools.length} | ${c.bytes} | ${estimateTokens(c.bytes)} | ${fmt((c.bytes / full.bytes) * 100, 1)}% |`,
      );
    }
    await setUp.during?.(endpoint.url, core.token);
    return full.tools;
  } finally {
    await core.stop();
  }
}

async function timed(runs: number, run: (i: number) => unknown): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50)!, p99: percentile(samples, 99)! };
}

function searchLatency(tools: Tool[]): Promise<{ p50: number; p99: number }> {
  const search = new ToolSearch(tools);
  return timed(SEARCH_RUNS, (i) => search.search(QUERIES[i % QUERIES.length], 10));
}

/** The same searches as a client sees them: search_tools through the gateway (SDK client). */
async function searchOverMcp(url: string, token: string): Promise<void> {
  const client = await connect(`${url}/find`, token);
  try {
    const call = (i: number) => client.callTool({ name: 'search_tools', arguments: { query: QUERIES[i % QUERIES.length], limit: 10 } });
    await timed(20, call); // warm-up: the first call builds the index
    const over = await timed(SEARCH_RUNS / 4, call);
    console.log(
      `\n\`search_tools\` called through the gateway (SDK client, ${SEARCH_RUNS / 4} calls): p50 ${fmt(over.p50, 3)} ms, p99 ${fmt(over.p99, 3)} ms`,
    );
  } finally {
    await client.close();
  }
}

export async function profilesSection(dir: string): Promise<void> {
  console.log('\n## Profiles: context cost of tools/list per endpoint');
  const everything = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`e${i}`, { command: process.execPath, args: [EVERYTHING, 'stdio'] }]),
  );
  await costTable(dir, {
    title: '10 server-everything children (+ 5 router tools)',
    servers: everything,
    profiles: {
      two: { servers: ['e0', 'e1'] },
      echo: { tools: ['*__echo', '*__get-sum'] },
      find: { discovery: true, pinned: ['e0__echo'] },
    },
    labels: { two: 'filtered: 2 servers', echo: 'filtered: 2 tool globs', find: 'discovery (+1 pinned)' },
  });
  const fifty = Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [`t${i}`, { command: process.execPath, args: [ECHO], env: { TOOL_COUNT: '19' } }]),
  );
  const tools = await costTable(dir, {
    title: '50 children × 20 tools (+ 5 router tools)',
    servers: fifty,
    profiles: { two: { servers: ['t0', 't1'] }, find: { discovery: true } },
    labels: { two: 'filtered: 2 servers', find: 'discovery' },
    during: searchOverMcp,
  });
  const thousand = tools.filter((t) => t.name.includes('__')).slice(0, 1000);
  const own = await searchLatency(thousand);
  console.log(
    `\nsearch_tools ranking itself over ${thousand.length} tools (MiniSearch, ${SEARCH_RUNS} queries, limit 10): p50 ${fmt(own.p50, 3)} ms, p99 ${fmt(own.p99, 3)} ms (target p50 < 2 ms)`,
  );
}
