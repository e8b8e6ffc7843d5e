import { afterEach, describe, expect, it } from 'vitest';
// The router's upstream client is the children's client (SDK v2): a caller's abort rejects with its SdkError.
import { SdkError } from '@modelcontextprotocol/client';
import { Router } from '../../../../electron/core/router/router.js';
import { createRouterUpstream } from '../../../../electron/core/router/router-server.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { ROUTER_TOOLS } from '../../../../shared/contract.js';
import { FakeClock, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor } from '../../../helpers/fake-vendors.js';
import { waitFor } from '../../../helpers/wait.js';

let vendors: FakeVendor[] = [];
let cleanup: (() => Promise<void>)[] = [];

async function setup() {
  const source = new TestUpstreams();
  vendors = await Promise.all([
    startFakeVendor({ id: 'openai', embed: true, models: ['gpt-4o-mini'] }),
    startFakeVendor({ id: 'groq' }),
    startFakeVendor({ id: 'weather', chat: false, weather: true, search: true }),
  ]);
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings();
  const router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: new FakeClock() });
  const served = await createRouterUpstream(router, { timeoutMs: 5000 });
  // The router's own upstream must never be routed to, even if a source lists it.
  source.add(served.upstream);
  cleanup.push(async () => {
    await served.close();
    router.dispose();
  });
  return { client: served.upstream.client, upstream: served.upstream, byId: Object.fromEntries(vendors.map((v) => [v.id, v])) };
}

afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
  await Promise.all(vendors.map((v) => v.close()));
  vendors = [];
});

describe('router MCP server', () => {
  it('exposes the router tools on an un-namespaced upstream', async () => {
    const { client, upstream } = await setup();
    expect(upstream).toMatchObject({ id: 'orchestrator', namespace: null, timeoutMs: 5000 });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...ROUTER_TOOLS].sort());
    expect(tools.find((t) => t.name === 'chat')?.inputSchema.properties).toHaveProperty('vendor');
  });

  it('answers chat with JSON text and structuredContent, streaming deltas as progress', async () => {
    const { client, byId } = await setup();
    byId.openai.behavior.fail = 'isError';
    byId.groq.behavior.deltas = ['a', 'b'];
    const progress: string[] = [];
    const res = await client.callTool(
      { name: 'chat', arguments: { message: 'hi' } },
      {
        onprogress: (p) => progress.push(p.message ?? ''),
      },
    );
    expect(progress).toEqual(['a', 'b']);
    expect(res.structuredContent).toMatchObject({ message: 'ab', vendor: 'groq', failover: [{ vendor: 'openai' }] });
    const text = (res.content as { text: string }[])[0].text;
    expect(JSON.parse(text)).toEqual(res.structuredContent);
  });

  it('serves embed, weather, search and list_models', async () => {
    const { client } = await setup();
    const e = await client.callTool({ name: 'embed', arguments: { text: ['ab', 'c'] } });
    expect(e.structuredContent).toMatchObject({
      embeddings: [
        [2, 6],
        [1, 6],
      ],
      vendor: 'openai',
      cached: false,
    });
    const w = await client.callTool({ name: 'get_weather', arguments: { location: 'Oslo' } });
    expect(w.structuredContent).toMatchObject({ location: 'Oslo', units: 'metric' });
    const s = await client.callTool({ name: 'search_web', arguments: { query: 'q', num_results: 1 } });
    expect((s.structuredContent as { results: unknown[] }).results).toHaveLength(1);
    const m = await client.callTool({ name: 'list_models', arguments: {} });
    expect(m.structuredContent).toEqual({ models: [{ vendor: 'openai', id: 'gpt-4o-mini' }] });
  });

  it('turns routing failures into isError results with the code', async () => {
    const { client } = await setup();
    const res = await client.callTool({ name: 'chat', arguments: { message: 'hi', vendor: 'mistral' } });
    expect(res.isError).toBe(true);
    expect((res.content as { text: string }[])[0].text).toBe('VENDOR_UNAVAILABLE: vendor "mistral" is not running');
    const bad = await client.callTool({ name: 'chat', arguments: {} });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0].text).toContain('BAD_REQUEST');
  });

  it("passes the caller's cancellation through to the vendor tool", async () => {
    const { client, byId } = await setup();
    byId.openai.behavior.fail = 'hang';
    const ac = new AbortController();
    const pending = client.callTool({ name: 'chat', arguments: { message: 'hi' } }, { signal: ac.signal });
    await waitFor(() => byId.openai.calls.length === 1);
    ac.abort('user stopped');
    await expect(pending).rejects.toBeInstanceOf(SdkError);
    await waitFor(() => byId.openai.aborted);
    expect(byId.groq.calls).toHaveLength(0);
  });
});
