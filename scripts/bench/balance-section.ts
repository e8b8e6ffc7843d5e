// `BENCH_ONLY=balance npm run bench`: how 100 concurrent `chat` calls through the gateway spread over
// two vendors under each routing strategy. The core runs the built-in openai and groq servers
// (compiled, as children) against two loopback OpenAI-compatible fakes answering in 20 ms and 250 ms,
// so least_latency has something to tell apart. Bounded: 100 calls per row, seven rows.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MCPClient } from '../../electron/client/index.js';
import { createCore } from '../../electron/core/create-core.js';
import { MemorySecretStore } from '../../electron/core/secrets/secret-store.js';
import { startOpenAiFake, type OpenAiFake } from '../../test/fixtures/vendors/openai-fake.js';

const CALLS = 100;
const OPENAI_KEY = 'sk-bench-balance-0123456789';
const GROQ_KEY = 'gsk_bench_balance_0123456789';

interface Setting {
  client: MCPClient;
  openai: OpenAiFake;
  groq: OpenAiFake;
}

interface Row {
  label: string;
  routing: Record<string, unknown>;
  /** Runs after the routing is saved and before the measured calls. */
  before?: (s: Setting) => Promise<void>;
}

/** One call at a time, so each vendor's recent latency is its own and not the queue's of a burst. */
async function sequential(client: MCPClient, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await client.chat(`warm-up ${i}`);
}

const ROWS: Row[] = [
  { label: 'priority (default)', routing: { strategy: 'priority' } },
  { label: 'round_robin', routing: { strategy: 'round_robin' } },
  { label: 'weighted openai 3 : groq 1', routing: { strategy: 'weighted', weights: { openai: 3, groq: 1 } } },
  {
    label: 'least_latency (openai 20 ms, groq 250 ms), after 20 calls one at a time',
    routing: { strategy: 'least_latency' },
    before: ({ client }) => sequential(client, 20),
  },
  { label: 'least_inflight', routing: { strategy: 'least_inflight' } },
  { label: 'priority, max_inflight openai 10', routing: { strategy: 'priority', max_inflight: { openai: 10 } } },
  {
    label: 'round_robin, after openai answered one call 429 Retry-After: 120',
    routing: { strategy: 'round_robin' },
    before: async ({ client, openai }) => {
      openai.setMode('429', 1);
      // round_robin's next turn is openai's: this call meets the 429 and fails over to groq.
      const r = await client.chat('rate limited');
      if (r.vendor !== 'groq' || r.failover[0]?.vendor !== 'openai') throw new Error('the 429 call did not fail over to groq');
    },
  },
];

function config(openai: OpenAiFake, groq: OpenAiFake, routing: Record<string, unknown>): string {
  const servers = {
    openai: { builtin: 'openai', env: { OPENAI_BASE_URL: openai.baseUrl } },
    groq: { builtin: 'groq', env: { GROQ_BASE_URL: groq.baseUrl } },
  };
  return JSON.stringify({ servers, orchestrator: { port: 0, routing: { chat_preference: ['openai', 'groq'], ...routing } } }, null, 2);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export async function balanceSection(dir: string): Promise<void> {
  const openai = await startOpenAiFake({ apiKey: OPENAI_KEY, latencyMs: 20, retryAfter: '120' });
  const groq = await startOpenAiFake({ apiKey: GROQ_KEY, latencyMs: 250, models: ['llama-3.1-8b-instant'], pathPrefix: '/openai/v1' });
  const configPath = path.join(dir, 'balance.json');
  await writeFile(configPath, config(openai, groq, {}));
  const secretStore = new MemorySecretStore({ OPENAI_API_KEY: OPENAI_KEY, GROQ_API_KEY: GROQ_KEY });
  const core = createCore({ configPath, dataDir: dir, secretStore, port: 0 });
  const endpoint = await core.start();
  await core.childrenStarted();
  const client = new MCPClient({ url: endpoint.url, token: core.token, timeoutMs: 60_000 });
  try {
    console.log(`\n## Load balancing: ${CALLS} concurrent chat calls, two vendors\n`);
    console.log('| strategy | to openai | to groq | failovers | wall ms | p50 ms | p95 ms |');
    console.log('|---|---|---|---|---|---|---|');
    for (const row of ROWS) {
      // A fresh core state per row would hide nothing here: each row saves its routing, and the
      // set-aside row runs last so its 120 s hold affects no other row.
      await core.saveConfig(config(openai, groq, row.routing));
      await row.before?.({ client, openai, groq });
      const t0 = performance.now();
      const times: number[] = [];
      const replies = await Promise.all(
        Array.from({ length: CALLS }, async (_, i) => {
          const started = performance.now();
          const r = await client.chat(`bench ${i}`);
          times.push(performance.now() - started);
          return r;
        }),
      );
      const wall = performance.now() - t0;
      const to = (v: string) => replies.filter((r) => r.vendor === v).length;
      const failovers = replies.filter((r) => r.failover.length > 0).length;
      times.sort((a, b) => a - b);
      console.log(
        `| ${row.label} | ${to('openai')} | ${to('groq')} | ${failovers} | ${wall.toFixed(0)} | ${pct(times, 50).toFixed(0)} | ${pct(times, 95).toFixed(0)} |`,
      );
    }
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `\n(Each vendor is a built-in server child calling its fake over loopback HTTP; times include the gateway and the child. ${os.cpus().length} cores, load average ${load}.)`,
    );
  } finally {
    await client.disconnect();
    await core.stop();
    await Promise.all([openai.close(), groq.close()]);
  }
}
