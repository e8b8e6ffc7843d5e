// MCPClient against the real Gateway (loopback Streamable HTTP, bearer token, Host/Origin
// checks) serving the router's tools next to namespaced vendor servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode, MCPClient, ToolError } from '../../electron/client/index.js';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { CallMetrics } from '../../electron/core/metrics/latency.js';
import { Router } from '../../electron/core/router/router.js';
import { createRouterUpstream } from '../../electron/core/router/router-server.js';
import { silentLogger, systemClock, type CoreEnv } from '../../electron/core/env.js';
import { routerSettings } from '../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor } from '../helpers/fake-vendors.js';
import { TestUpstreams } from '../helpers/fake-upstreams.js';
import { routerStatusRoute } from '../helpers/status-route.js';

const TOKEN = 'gateway-test-token-0123456789';
const settings = routerSettings({ chatPreference: ['openai', 'groq'] });
const env: CoreEnv = { logger: silentLogger, clock: systemClock, dataDir: '/nonexistent', processEnv: {} };

let vendors: FakeVendor[] = [];
let source: TestUpstreams;
let router: Router;
let served: Awaited<ReturnType<typeof createRouterUpstream>>;
let gateway: Gateway;
let url: string;
const clients: MCPClient[] = [];

function newGateway(): Gateway {
  const routes = [routerStatusRoute(router)];
  return new Gateway({ env, upstreams: source, recorder: new CallMetrics(), settings: () => settings, getToken: () => TOKEN, routes });
}

beforeAll(async () => {
  source = new TestUpstreams();
  vendors = await Promise.all([startFakeVendor({ id: 'openai', embed: true, models: ['gpt-4o-mini'] }), startFakeVendor({ id: 'groq' })]);
  for (const v of vendors) source.add(v.upstream);
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: systemClock });
  served = await createRouterUpstream(router, { timeoutMs: 10_000 });
  source.add(served.upstream);
  gateway = newGateway();
  url = (await gateway.start(0)).url;
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
  for (const v of vendors) v.behavior = {};
});

afterAll(async () => {
  await gateway?.stop();
  await served?.close();
  router?.dispose();
  await Promise.all(vendors.map((v) => v.close()));
});

const newClient = (opts: ConstructorParameters<typeof MCPClient>[0] = {}) => {
  const c = new MCPClient({ url, token: TOKEN, timeoutMs: 10_000, ...opts });
  clients.push(c);
  return c;
};

describe('MCPClient through the gateway', () => {
  it('sees router tools un-prefixed and vendor tools namespaced', async () => {
    const client = newClient();
    const { tools } = await client.getCapabilities();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['chat', 'embed', 'list_models', 'openai__openai_chat', 'groq__groq_chat']));
    const status = await client.getStatus();
    expect(status).toMatchObject({ url, healthy: true, toolCount: tools.length });
  });

  it('chats with failover and streamed deltas, embeds, and calls a namespaced tool', async () => {
    const client = newClient();
    vendors[0].behavior.fail = 'isError';
    vendors[1].behavior.deltas = ['fast ', 'answer'];
    const deltas: string[] = [];
    const res = await client.chat('hi', { onDelta: (d) => deltas.push(d) });
    expect(res).toMatchObject({ vendor: 'groq', message: 'fast answer', failover: [{ vendor: 'openai' }] });
    expect(deltas.join('')).toBe('fast answer');
    vendors[0].behavior = {};
    expect((await client.embed('abcd')).embeddings).toEqual([[4, 6]]);
    const direct = await client.callTool('groq__groq_chat', { messages: [{ role: 'user', content: 'x' }] });
    expect(direct.structuredContent).toMatchObject({ message: 'fast answer' });
    await expect(client.listModels('nobody')).rejects.toBeInstanceOf(ToolError);
  });

  it("maps the gateway's MCP errors to AppError codes, with the gateway's own message", async () => {
    const client = newClient();
    const missing = await client.callTool('nope__tool', {}).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).toInfo()).toEqual({ code: ErrorCode.TOOL_NOT_FOUND, message: 'Unknown tool: nope__tool' });
    // The child outlives its own timeout (2 s): the gateway's TIMEOUT, attributed to the server.
    vendors[1].behavior.fail = 'hang';
    const slow = await client.callTool('groq__groq_chat', { messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(AppError);
    expect((slow as AppError).code).toBe(ErrorCode.TIMEOUT);
    expect((slow as AppError).message).toMatch(/^\[groq\] Request timed out/);
  });

  it('rejects a wrong token with UNAUTHORIZED', async () => {
    const err = await newClient({ token: 'wrong' })
      .connect()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.UNAUTHORIZED);
  });

  it('reconnects after the gateway restarts on the same port', async () => {
    const client = newClient();
    expect((await client.chat('before')).vendor).toBe('openai');
    const port = Number(new URL(url).port);
    await gateway.stop();
    gateway = newGateway();
    await gateway.start(port);
    expect((await client.chat('after')).vendor).toBe('openai');
    expect(gateway.sessionCount()).toBe(1);
  });
});
