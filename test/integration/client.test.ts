// MCPClient against a real HTTP server on 127.0.0.1 hosting the router tools over the SDK's
// Streamable HTTP server transport, with a bearer check (a small stand-in for the gateway).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { AppError, ErrorCode, MCPClient, ToolError, weather, chat } from '../../electron/client/index.js';
import { Router } from '../../electron/core/router/router.js';
import { createRouterMcpServer } from '../../electron/core/router/router-server.js';
import { silentLogger } from '../../electron/core/env.js';
import { FakeClock, TestUpstreams } from '../helpers/fake-upstreams.js';
import { routerSettings } from '../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor } from '../helpers/fake-vendors.js';
import { routerStatusRoute } from '../helpers/status-route.js';

const TOKEN = 'test-token-123';

interface Harness {
  port: number;
  url: string;
  sessions: Map<string, NodeStreamableHTTPServerTransport>;
  close(): Promise<void>;
}

async function startHarness(router: Router, port = 0): Promise<Harness> {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();
  const http: Server = createServer(async (req, res) => {
    if (req.url === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('missing or wrong bearer token');
    if (req.url === '/status') return void routerStatusRoute(router).handle(req, res);
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (typeof sid === 'string' && !transport) {
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
    }
    if (!transport) {
      const t = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void sessions.set(id, t),
        onsessionclosed: (id) => void sessions.delete(id),
      });
      await createRouterMcpServer(router).connect(t);
      transport = t;
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (http.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/mcp`,
    sessions,
    async close() {
      for (const t of sessions.values()) await t.close();
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let vendors: FakeVendor[] = [];
let router: Router;
let harness: Harness;
const clients: MCPClient[] = [];

beforeAll(async () => {
  const source = new TestUpstreams();
  vendors = await Promise.all([
    startFakeVendor({ id: 'openai', embed: true, models: ['gpt-4o-mini'] }),
    startFakeVendor({ id: 'groq', models: ['llama-3.1-8b-instant'] }),
    startFakeVendor({ id: 'weather', chat: false, weather: true }),
  ]);
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings();
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: new FakeClock() });
  harness = await startHarness(router);
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
  for (const v of vendors) v.behavior = {};
});

afterAll(async () => {
  await harness.close();
  router.dispose();
  await Promise.all(vendors.map((v) => v.close()));
});

const newClient = (opts: ConstructorParameters<typeof MCPClient>[0] = {}) => {
  const c = new MCPClient({ url: harness.url, token: TOKEN, timeoutMs: 5000, ...opts });
  clients.push(c);
  return c;
};

describe('MCPClient', () => {
  it('chats with failover and streams deltas', async () => {
    const client = newClient();
    await client.connect();
    expect(client.connected).toBe(true);
    vendors[0].behavior.fail = 'isError';
    vendors[1].behavior.deltas = ['Hi', ' you'];
    const deltas: string[] = [];
    const res = await client.chat('hello', { onDelta: (d) => deltas.push(d) });
    expect(res).toMatchObject({ message: 'Hi you', vendor: 'groq', failover: [{ vendor: 'openai' }] });
    expect(deltas).toEqual(['Hi', ' you']);
    const explicit = await client.chat({ messages: [{ role: 'user', content: 'x' }], vendor: 'openai' }).catch((e: unknown) => e);
    expect(explicit).toBeInstanceOf(ToolError);
    expect((explicit as ToolError).message).toContain('UPSTREAM_ERROR');
  });

  it('embeds, gets weather, lists models, and reports status and capabilities', async () => {
    const client = newClient();
    const e = await client.embed(['abc']);
    expect(e).toMatchObject({ embeddings: [[3, 6]], vendor: 'openai', cached: false });
    expect((await client.embed(['abc'])).cached).toBe(true);
    const w = await client.getWeather('Lima', 'imperial');
    expect(w).toMatchObject({ location: 'Lima', temperature: 21, units: 'imperial' });
    expect(await client.listModels('groq')).toEqual([{ vendor: 'groq', id: 'llama-3.1-8b-instant' }]);
    const caps = await client.getCapabilities();
    expect(caps.tools.map((t) => t.name).sort()).toEqual(['chat', 'embed', 'get_weather', 'list_models', 'search_web']);
    expect(caps.capabilities.weather).toBeUndefined();
    expect(caps.capabilities.get_weather).toEqual({ tool: 'get_weather', servers: ['weather'] });
    expect(caps.capabilities.chat.servers).toEqual(['openai', 'groq']);
    expect(caps.capabilities.search_web.servers).toEqual([]);
    const status = await client.getStatus();
    expect(status).toMatchObject({ url: harness.url, healthy: true, health: { status: 'ok' }, toolCount: 5 });
    expect(status.servers.map((s) => s.id)).toEqual(['openai', 'groq', 'weather']);
    const openai = status.routing.vendors.find((v) => v.vendor === 'openai');
    expect(openai).toMatchObject({ inflight: 0, capabilities: ['chat', 'embed', 'listModels'], breaker: 'closed' });
    expect(openai!.calls).toBeGreaterThanOrEqual(1);
    expect(openai!.latencyP95Ms).not.toBeNull();
    await expect(client.searchWeb('q')).rejects.toThrow('VENDOR_UNAVAILABLE: no running server offers web search');
  });

  it('honours vendor, model, temperature and max_tokens given in the options', async () => {
    const client = newClient();
    const openaiChats = () => vendors[0].calls.filter((c) => c.tool === 'openai_chat').length;
    const before = openaiChats();
    const res = await client.chat('hi', { vendor: 'groq', temperature: 0.5, max_tokens: 7 });
    expect(res.vendor).toBe('groq');
    expect(openaiChats()).toBe(before);
    expect(vendors[1].calls.at(-1)?.args).toMatchObject({ temperature: 0.5, max_tokens: 7 });
    // The request's own fields win over the options'.
    expect((await client.chat({ message: 'x', vendor: 'openai' }, { vendor: 'groq' })).vendor).toBe('openai');
    expect(await client.embed(['abc'], { vendor: 'openai', model: 'text-embedding-3-large' })).toMatchObject({
      vendor: 'openai',
      model: 'text-embedding-3-large',
      dimensions: 2,
    });
  });

  it('reads the token from MCP_ORCHESTRATOR_TOKEN and the one-shot helpers work', async () => {
    const saved = process.env.MCP_ORCHESTRATOR_TOKEN;
    process.env.MCP_ORCHESTRATOR_TOKEN = TOKEN;
    try {
      const w = await weather('Quito', { url: harness.url });
      expect(w.location).toBe('Quito');
      const c = await chat('hey', { url: harness.url, vendor: 'groq' });
      expect(c.vendor).toBe('groq');
    } finally {
      if (saved === undefined) delete process.env.MCP_ORCHESTRATOR_TOKEN;
      else process.env.MCP_ORCHESTRATOR_TOKEN = saved;
    }
    // Each helper closed its session on the server.
    expect(harness.sessions.size).toBe(0);
  });

  it('fails clearly on a wrong token, without retrying', async () => {
    const client = newClient({ token: 'nope' });
    const err = await client.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.UNAUTHORIZED);
    expect((err as AppError).message).toContain('rejected the token (401)');
  });

  it('reconnects with a new session after the server restarts', async () => {
    const client = newClient();
    expect((await client.chat('one')).vendor).toBe('openai');
    const port = harness.port;
    await harness.close();
    const down = await newClient({ retries: 0 })
      .chat('x')
      .catch((e: unknown) => e);
    expect((down as AppError).message).toMatch(/cannot reach the orchestrator .*\((ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)\)/);
    harness = await startHarness(router, port);
    // The old session id is unknown to the new server (404); the client opens a new one.
    const res = await client.chat('two');
    expect(res.vendor).toBe('openai');
    expect(harness.sessions.size).toBe(1);
  });

  it('opens a new session when the server has dropped the old one (404)', async () => {
    const client = newClient({ retries: 1 });
    await client.connect();
    expect(harness.sessions.size).toBe(1);
    const [oldId, transport] = [...harness.sessions.entries()][0];
    harness.sessions.delete(oldId);
    await transport.close();
    expect((await client.listModels('openai'))[0].id).toBe('gpt-4o-mini');
    expect(harness.sessions.size).toBe(1);
    expect(harness.sessions.has(oldId)).toBe(false);
  });
});
