// The gateway end to end: real server-everything and server-memory children plus an
// in-process server, reached by the SDK's own Streamable HTTP client as an IDE would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, type Client, type Progress, type StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { McpServer } from '@modelcontextprotocol/server';
import { connectClient, connectEverything, connectMemory, startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';
import { connectInProcess, TestUpstreams, type Connected } from '../helpers/fake-upstreams.js';
import { waitFor } from '../helpers/wait.js';

const source = new TestUpstreams();
const opened: Connected[] = [];
let gw: RunningGateway;
let client: Client;
let upstreamSawAbort = false;
let upstreamStarted: () => void = () => {};

function blockingServer(s: McpServer): void {
  s.registerTool('block', {}, async (ctx) => {
    upstreamStarted();
    await new Promise<void>((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve()));
    upstreamSawAbort = true;
    return { content: [] };
  });
  s.registerTool('steps', {}, async (ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    for (let i = 1; i <= 3 && token !== undefined; i++) {
      await ctx.mcpReq.notify({
        method: 'notifications/progress',
        params: { progressToken: token, progress: i, total: 3, message: `step ${i}` },
      });
    }
    return { content: [{ type: 'text', text: 'done' }] };
  });
  s.registerTool('hidden', {}, async () => ({ content: [{ type: 'text', text: 'should not run' }] }));
}

beforeAll(async () => {
  const [everything, memory, ctl] = await Promise.all([
    connectEverything(),
    connectMemory(),
    connectInProcess('ctl', blockingServer, { disabledTools: new Set(['hidden']) }),
  ]);
  opened.push(everything, memory, ctl);
  for (const c of opened) source.add(c.upstream);
  gw = await startGateway(source);
  client = await connectClient(gw.url);
});

afterAll(async () => {
  await client?.close();
  await gw?.gateway.stop();
  await Promise.all(opened.map((c) => c.close()));
});

function textOf(result: unknown): string {
  return ((result as { content: unknown }).content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');
}

describe('gateway over Streamable HTTP', () => {
  it('aggregates tools of every upstream under <server>__ prefixes', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything__echo',
        'everything__trigger-long-running-operation',
        'memory__create_entities',
        'memory__read_graph',
        'ctl__block',
      ]),
    );
    expect(names.every((n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n))).toBe(true);
  });

  it('routes calls to their owners with the original names', async () => {
    const created = await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: 'Gateway', entityType: 'component', observations: ['routes calls'] }] },
    });
    expect(created.isError).toBeFalsy();
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(textOf(graph)).toContain('Gateway');
    const echoed = await client.callTool({ name: 'everything__echo', arguments: { message: 'hi there' } });
    expect(textOf(echoed)).toBe('Echo: hi there');
    expect(gw.recorder.calls.filter((c) => c.ok).map((c) => c.serverId)).toEqual(['memory', 'memory', 'everything']);
  });

  it('hides a disabled tool and refuses to call it', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('ctl__hidden');
    await expect(client.callTool({ name: 'ctl__hidden', arguments: {} })).rejects.toThrow(/ctl__hidden is disabled/);
  });

  it('answers an unknown tool with an error naming it', async () => {
    await expect(client.callTool({ name: 'memory__nope', arguments: {} })).rejects.toThrow(/Unknown tool: memory__nope/);
  });

  it('passes progress notifications through with the client token', async () => {
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      { onprogress: (p) => progress.push(p) },
    );
    expect(textOf(result)).toContain('Long running operation completed');
    // server-everything's final progress races its own result, so a direct client does not
    // reliably see it either; the earlier ones must arrive, in order, under our token.
    expect(progress.slice(0, 2).map((p) => [p.progress, p.total])).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('delivers every progress notification, the last one included, before the result', async () => {
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: 'ctl__steps', arguments: {} },
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(textOf(result)).toBe('done');
    expect(progress).toEqual([1, 2, 3].map((i) => ({ progress: i, total: 3, message: `step ${i}` })));
  });

  it('aborts the upstream request when the client cancels', async () => {
    const started = new Promise<void>((r) => (upstreamStarted = r));
    const controller = new AbortController();
    const call = client.callTool({ name: 'ctl__block', arguments: {} }, { signal: controller.signal });
    await started;
    controller.abort('user cancelled');
    await expect(call).rejects.toBeDefined();
    await waitFor(() => upstreamSawAbort, 5_000, 'upstream abort');
    // The session is still usable afterwards.
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });

  it('lists and reads resources routed to their owner', async () => {
    const { resources } = await client.listResources();
    const doc = resources.find((r) => r.uri.startsWith('demo://resource/static/document/'));
    expect(doc).toBeDefined();
    const read = await client.readResource({ uri: doc!.uri });
    expect(read.contents[0].uri).toBe(doc!.uri);
    // The owner's content came back: a text or a blob that is not empty.
    const content = read.contents[0] as { text?: string; blob?: string };
    expect((content.text ?? content.blob ?? '').length).toBeGreaterThan(0);
    const { resourceTemplates } = await client.listResourceTemplates();
    const textTemplate = resourceTemplates.find((t) => t.uriTemplate.includes('/text/'));
    expect(textTemplate).toBeDefined();
    const dynamic = await client.readResource({ uri: textTemplate!.uriTemplate.replace('{resourceId}', '3') });
    expect(dynamic.contents.length).toBeGreaterThan(0);
  });

  it('namespaces prompts and routes prompts/get', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('everything__simple-prompt');
    const got = await client.getPrompt({ name: 'everything__simple-prompt' });
    expect(got.messages[0].content).toEqual({ type: 'text', text: 'This is a simple prompt without arguments.' });
  });

  it('sends tools/list_changed when an upstream is added or removed', async () => {
    await waitFor(() => gw.gateway.openStreamCount() >= 1, 5_000, 'GET stream');
    let notified = 0;
    const others: string[] = [];
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      notified++;
    });
    client.setNotificationHandler('notifications/resources/list_changed', (n) => void others.push(n.method));
    client.setNotificationHandler('notifications/prompts/list_changed', (n) => void others.push(n.method));
    const extra = await connectInProcess('late', (s) =>
      s.registerTool('hello', {}, async () => ({ content: [{ type: 'text', text: 'hi' }] })),
    );
    opened.push(extra);
    source.add(extra.upstream);
    await waitFor(() => notified === 1 && others.length === 2, 5_000, 'list_changed after add');
    expect(others.sort()).toEqual(['notifications/prompts/list_changed', 'notifications/resources/list_changed']);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('late__hello');
    source.remove('late');
    await waitFor(() => notified === 2, 5_000, 'list_changed after remove');
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('late__hello');
  });

  it('answers a plain call as JSON and a call asking for progress as an event stream', async () => {
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const post = (id: number, params: Record<string, unknown>) =>
      fetch(gw.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': LATEST_PROTOCOL_VERSION,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }),
      });
    const plain = await post(9001, { name: 'ctl__steps', arguments: {} });
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await plain.json()).toMatchObject({ id: 9001, result: { content: [{ text: 'done' }] } });
    const streamed = await post(9002, { name: 'ctl__steps', arguments: {}, _meta: { progressToken: 'p1' } });
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await streamed.text();
    expect(body.match(/notifications\/progress/g)?.length).toBe(3);
    expect(body).toContain('"id":9002');
  });

  it('ends a session on DELETE', async () => {
    const second = await connectClient(gw.url);
    const before = gw.gateway.sessionCount();
    await (second.transport as StreamableHTTPClientTransport).terminateSession();
    await waitFor(() => gw.gateway.sessionCount() === before - 1, 5_000, 'session closed');
    await second.close();
  });
});
