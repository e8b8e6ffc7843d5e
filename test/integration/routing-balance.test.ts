// Load balancing through the real orchestrator: `serve` (compiled dist/) runs the built-in openai and
// groq servers as children, each talking to its own loopback OpenAI-compatible fake, and the client
// library calls `chat` through the gateway. round_robin splits 20 concurrent calls, weighted follows
// the weights, a 429 with Retry-After diverts calls, and the client's status and capabilities show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode, MCPClient } from '../../electron/client/index.js';
import { startOpenAiFake, type OpenAiFake } from '../fixtures/vendors/index.js';
import { control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const OPENAI_KEY = 'sk-balance-0123456789abcdef';
const GROQ_KEY = 'gsk_balance_0123456789abcdef';

let openaiApi: OpenAiFake;
let groqApi: OpenAiFake;
let h: ServeHandle;
let client: MCPClient;

const config = (routing: Record<string, unknown>) => ({
  servers: {
    openai: { builtin: 'openai', env: { OPENAI_BASE_URL: openaiApi.baseUrl } },
    groq: { builtin: 'groq', env: { GROQ_BASE_URL: groqApi.baseUrl } },
  },
  orchestrator: { port: 8000, routing: { chat_preference: ['openai', 'groq'], ...routing } },
});

/** Applies a routing section the way the Config page does (validated save; settings apply to the next call). */
async function setRouting(routing: Record<string, unknown>) {
  const res = await control(h, 'saveConfig', JSON.stringify(config(routing), null, 2));
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
}

const chatRequests = (f: OpenAiFake) => f.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

async function spread(n: number): Promise<Record<string, number>> {
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => client.chat(`call ${i}`)));
  const counts: Record<string, number> = {};
  for (const r of replies) counts[r.vendor] = (counts[r.vendor] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  openaiApi = await startOpenAiFake({
    apiKey: OPENAI_KEY,
    // Longer than the built-in's own longest wait (10 s), so it reports at once rather than retry.
    retryAfter: new Date(Date.now() + 120_000).toUTCString(),
  });
  groqApi = await startOpenAiFake({ apiKey: GROQ_KEY, models: ['llama-3.1-8b-instant'], pathPrefix: '/openai/v1' });
  h = await startServe(config({ strategy: 'round_robin' }), { ui: true, env: { OPENAI_API_KEY: OPENAI_KEY, GROQ_API_KEY: GROQ_KEY } });
  client = new MCPClient({ url: h.url, token: h.token, timeoutMs: 20_000 });
  // chat is listed once a running server offers it; wait for both vendors behind it.
  await waitFor(async () => (await client.getCapabilities()).capabilities.chat.servers.length === 2, 'both chat vendors');
}, 90_000);

afterAll(async () => {
  await client?.disconnect();
  await h?.stop();
  await Promise.all([openaiApi?.close(), groqApi?.close()]);
});

describe('load balancing through serve with two real vendor servers', () => {
  it('round_robin splits 20 concurrent chat calls across both vendors', async () => {
    const [o, g] = [chatRequests(openaiApi), chatRequests(groqApi)];
    expect(await spread(20)).toEqual({ openai: 10, groq: 10 });
    expect([chatRequests(openaiApi) - o, chatRequests(groqApi) - g]).toEqual([10, 10]);
  });

  it('weighted follows the weights', async () => {
    await setRouting({ strategy: 'weighted', weights: { openai: 3, groq: 1 } });
    expect(await spread(20)).toEqual({ openai: 15, groq: 5 });
  });

  it("an explicit vendor in the client's options wins over the strategy", async () => {
    const before = chatRequests(openaiApi);
    const res = await client.chat('only groq', { vendor: 'groq' });
    expect(res.vendor).toBe('groq');
    expect(chatRequests(openaiApi)).toBe(before);
  });

  it('a 429 with Retry-After sets the vendor aside: its calls go elsewhere', async () => {
    await setRouting({ strategy: 'priority' });
    openaiApi.setMode('429', 1);
    const before = chatRequests(openaiApi);
    const first = await client.chat('rate limited');
    expect(first.vendor).toBe('groq');
    expect(first.failover).toEqual([{ vendor: 'openai', error: expect.stringMatching(/rate limited by OpenAI/) }]);
    // openai is first in priority, but set aside: all 20 go to groq, and openai sees no request at all.
    expect(await spread(20)).toEqual({ groq: 20 });
    expect(chatRequests(openaiApi) - before).toBe(1);
    const status = await client.getStatus();
    const openai = status.routing.vendors.find((v) => v.vendor === 'openai')!;
    expect(openai.breaker).toBe('closed');
    expect(openai.setAsideUntil! - Date.now()).toBeGreaterThan(90_000);
    // An explicit vendor still reaches it.
    expect((await client.chat('explicit', { vendor: 'openai' })).vendor).toBe('openai');
  });

  it('getStatus reports each server and each vendor; getCapabilities the servers behind each tool', async () => {
    const status = await client.getStatus();
    expect(status.routing.strategy).toBe('priority');
    for (const id of ['openai', 'groq']) {
      const s = status.servers.find((x) => x.id === id)!;
      expect(s).toMatchObject({ state: 'running', restarts: 0, lastError: null });
      expect(s.pid).toEqual(expect.any(Number));
      expect(s.uptimeMs).toBeGreaterThan(0);
      expect(s.tools).toContain(`${id}__${id}_chat`);
      expect(s.latencyP50Ms).not.toBeNull();
      const v = status.routing.vendors.find((x) => x.vendor === id)!;
      expect(v.inflight).toBe(0);
      expect(v.latencyP95Ms).toBeGreaterThanOrEqual(v.latencyP50Ms!);
    }
    const byVendor = Object.fromEntries(status.routing.vendors.map((v) => [v.vendor, v]));
    // openai: 10 + 15 + the 429 + the explicit call; groq: 10 + 5 + 1 + the failover + 20.
    expect(byVendor.openai).toMatchObject({ calls: 27, errors: 1 });
    expect(byVendor.groq).toMatchObject({ calls: 37, errors: 0 });
    const caps = await client.getCapabilities();
    expect(caps.capabilities.chat.servers.sort()).toEqual(['groq', 'openai']);
    expect(caps.capabilities.embed.servers).toEqual(['openai']);
    expect(caps.tools.find((t) => t.name === 'chat')?.server).toBe('orchestrator');
    expect(caps.tools.find((t) => t.name === 'groq__groq_chat')?.server).toBe('groq');
  });

  it('with a client token (bound to /mcp) the report is refused, and capabilities carry no servers', async () => {
    const added = await control<{ token: string }>(h, 'addClient', 'ide', null);
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    const scoped = new MCPClient({ url: h.url, token: added.value!.token, timeoutMs: 20_000 });
    try {
      const err = await scoped.getStatus().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(ErrorCode.FORBIDDEN);
      const caps = await scoped.getCapabilities();
      expect(caps.capabilities).toEqual({});
      expect(caps.tools.map((t) => t.name)).toContain('chat');
      expect((await scoped.chat('hi', { vendor: 'groq' })).vendor).toBe('groq');
    } finally {
      await scoped.disconnect();
    }
  });

  it('the web UI status carries the same per-vendor figures', async () => {
    const res = await control<{ routing?: { vendors: { vendor: string; calls: number }[] } }>(h, 'getStatus');
    expect(res.value?.routing?.vendors.map((v) => [v.vendor, v.calls])).toEqual([
      ['openai', 27],
      ['groq', 38],
    ]);
  });
});
