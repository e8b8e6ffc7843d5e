// Profiles end to end: real children (server-memory, server-everything, the list-changer
// fixture) behind the gateway, and the SDK's own client on /mcp and on each /mcp/<name>.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, type CallToolResult, type Client, type Progress } from '@modelcontextprotocol/client';
import type { ProfileConfig } from '../../shared/types.js';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import {
  connectClient,
  connectEverything,
  connectMemory,
  connectStdio,
  startGateway,
  TEST_TOKEN,
  type RunningGateway,
} from './gateway-helpers.js';
import { TestUpstreams, type Connected } from '../helpers/fake-upstreams.js';
import { waitFor } from '../helpers/wait.js';
import { testProfile } from '../helpers/test-settings.js';

const profile = testProfile;

const PROFILES: ProfileConfig[] = [
  profile('mem', { servers: ['memory'] }),
  profile('ro', { tools: ['memory__*'], readOnly: true }),
  profile('picked', { tools: ['everything__*'], exclude: ['*elicitation*', '*sampling*', 'everything__get-*'] }),
  profile('disc', { servers: ['everything', 'memory'], discovery: true, pinned: ['everything__echo'] }),
  // Last on purpose: by the time it is told, every earlier profile has been considered.
  profile('lc', { servers: ['lc'] }),
];

let running: RunningGateway;
const upstreams = new TestUpstreams();
const children: Connected[] = [];
const clients: Client[] = [];
let allTools: string[] = [];

async function client(path: string): Promise<Client> {
  const c = await connectClient(running.url + path);
  clients.push(c);
  return c;
}

const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name).sort();
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

async function refusal(p: Promise<unknown>): Promise<ProtocolError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProtocolError);
  return err as ProtocolError;
}

beforeAll(async () => {
  const [memory, everything, lc] = await Promise.all([
    connectMemory(),
    connectEverything(),
    connectStdio('lc', ['--import', 'tsx', join(FIXTURE_DIR, 'list-changer.ts')]),
  ]);
  children.push(memory, everything, lc);
  running = await startGateway(upstreams);
  for (const c of children) upstreams.add(c.upstream);
  upstreams.watch('lc', lc.upstream.client);
  await running.gateway.setProfiles(PROFILES);
  allTools = await names(await client(''));
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await running?.gateway.stop();
  await Promise.all(children.map((c) => c.close()));
});

describe('profile endpoints', () => {
  it('each profile lists exactly its tools; /mcp keeps the full set', async () => {
    expect(allTools.length).toBeGreaterThan(20);
    const mem = allTools.filter((n) => n.startsWith('memory__'));
    expect(await names(await client('/mem'))).toEqual(mem);
    expect(await names(await client('/ro'))).toEqual(['memory__open_nodes', 'memory__read_graph', 'memory__search_nodes']);
    const picked = allTools.filter(
      (n) => n.startsWith('everything__') && !/elicitation|sampling/.test(n) && !n.startsWith('everything__get-'),
    );
    expect(picked.length).toBeGreaterThan(3);
    expect(await names(await client('/picked'))).toEqual(picked);
    expect(await names(await client('/lc'))).toEqual(allTools.filter((n) => n.startsWith('lc__')));
  });

  it("a profile serves only its servers' resources and prompts", async () => {
    const full = await client('');
    const mem = await client('/mem');
    const picked = await client('/picked');
    expect((await full.listResourceTemplates()).resourceTemplates.length).toBeGreaterThan(0);
    // The v2 client answers an empty list itself when the server lacks the capability: these lists come from the gateway.
    expect(mem.getServerCapabilities()).toMatchObject({ prompts: expect.any(Object), resources: expect.any(Object) });
    expect((await mem.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect((await mem.listPrompts()).prompts).toEqual([]);
    expect((await picked.listPrompts()).prompts).toEqual(
      (await full.listPrompts()).prompts.filter((p) => p.name.startsWith('everything__')),
    );
    // `picked` names no servers, only tool globs: its resources come from the servers that contribute a tool.
    const everythingOnly = (await full.listResources()).resources.filter((r) => !r.uri.startsWith('memory:'));
    expect((await picked.listResources()).resources).toEqual(everythingOnly);
    expect((await picked.readResource({ uri: everythingOnly[0].uri })).contents[0].uri).toBe(everythingOnly[0].uri);
  });

  it('refuses calls, reads, prompts and completions outside the profile, even by name', async () => {
    const full = await client('');
    const mem = await client('/mem');
    const echo = await refusal(mem.callTool({ name: 'everything__echo', arguments: { message: 'hi' } }));
    expect(echo.message).toContain('not available on profile "mem"');
    const prompt = (await full.listPrompts()).prompts.find((p) => p.name.startsWith('everything__'))!;
    expect((await refusal(mem.getPrompt({ name: prompt.name, arguments: {} }))).message).toContain('not available on profile "mem"');
    const resource = (await full.listResources()).resources.find((r) => !r.uri.startsWith('memory:'))!;
    expect((await refusal(mem.readResource({ uri: resource.uri }))).message).toContain('not available on profile "mem"');
    expect((await refusal(mem.subscribeResource({ uri: resource.uri }))).message).toContain('not available on profile "mem"');
    const withArgs = (await full.listPrompts()).prompts.find((p) => p.name.startsWith('everything__') && (p.arguments?.length ?? 0) > 0)!;
    const completion = mem.complete({
      ref: { type: 'ref/prompt', name: withArgs.name },
      argument: { name: withArgs.arguments![0].name, value: '' },
    });
    expect((await refusal(completion)).message).toContain('not available on profile "mem"');
    // Disabled by the profile's read_only rule, though the tool exists on the same server.
    expect(
      (await refusal((await client('/ro')).callTool({ name: 'memory__create_entities', arguments: { entities: [] } }))).message,
    ).toContain('profile "ro"');
    // The same calls still work where they are in scope.
    expect(text(await full.callTool({ name: 'everything__echo', arguments: { message: 'hi' } }))).toContain('hi');
    expect(text(await mem.callTool({ name: 'memory__read_graph', arguments: {} }))).toContain('entities');
  });

  it('binds a session to its endpoint and rejects unknown profiles', async () => {
    const auth = {
      authorization: `Bearer ${TEST_TOKEN}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const full = await client('');
    const sid = (full.transport as { sessionId?: string }).sessionId!;
    const res = await fetch(`${running.url}/mem`, {
      method: 'POST',
      headers: { ...auth, 'mcp-session-id': sid },
      body: JSON.stringify(list),
    });
    expect(res.status).toBe(404);
    const unknown = await fetch(`${running.url}/nope`, { method: 'POST', headers: auth, body: JSON.stringify(list) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown profile "nope"');
    const noToken = await fetch(`${running.url}/mem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(list),
    });
    expect(noToken.status).toBe(401);
  });
});

describe('discovery profile', () => {
  it('lists the three meta-tools and the pinned tool instead of every schema', async () => {
    expect(await names(await client('/disc'))).toEqual(['call_tool', 'describe_tool', 'everything__echo', 'search_tools']);
  });

  it('finds, describes and calls a tool', async () => {
    const disc = await client('/disc');
    const found = await disc.callTool({ name: 'search_tools', arguments: { query: 'create entities knowledge graph', limit: 5 } });
    const results = (found.structuredContent as { results: { name: string; summary: string }[] }).results;
    expect(results[0].name).toBe('memory__create_entities');
    expect(results[0].summary.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(5);
    const described = await disc.callTool({ name: 'describe_tool', arguments: { name: 'memory__create_entities' } });
    expect((described.structuredContent as { inputSchema: { properties: object } }).inputSchema.properties).toHaveProperty('entities');
    const entities = [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }];
    const created = await disc.callTool({ name: 'call_tool', arguments: { name: 'memory__create_entities', arguments: { entities } } });
    expect(created.isError).toBeFalsy();
    const graph = await disc.callTool({ name: 'call_tool', arguments: { name: 'memory__read_graph' } });
    expect(text(graph)).toContain('Ada');
  });

  it('passes progress through call_tool', async () => {
    const disc = await client('/disc');
    const progress: Progress[] = [];
    const args = { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } };
    const result = await disc.callTool({ name: 'call_tool', arguments: args }, { onprogress: (p) => progress.push(p) });
    expect(text(result)).toContain('Long running operation completed');
    // The child sends its last progress right before its result, and the SDK may drop a progress
    // that arrives with the response (the same happens on a direct call), so only order is exact.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3].slice(0, progress.length));
    expect(progress.every((p) => p.total === 3)).toBe(true);
  });

  it('passes cancellation through call_tool', async () => {
    const disc = await client('/disc');
    const controller = new AbortController();
    const args = { name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } };
    const call = disc.callTool(
      { name: 'call_tool', arguments: args },
      {
        signal: controller.signal,
        onprogress: () => controller.abort(new Error('user cancelled')),
        timeout: 20_000,
      },
    );
    await expect(call).rejects.toThrow(/cancelled/);
  });

  it('keeps errors as they are and enforces the boundary', async () => {
    const disc = await client('/disc');
    const full = await client('');
    const bad = { message: 42 };
    const direct = await full.callTool({ name: 'everything__echo', arguments: bad }).catch((e: unknown) => e);
    const viaMeta = await disc
      .callTool({ name: 'call_tool', arguments: { name: 'everything__echo', arguments: bad } })
      .catch((e: unknown) => e);
    expect(viaMeta).toEqual(direct);
    const outside = await refusal(disc.callTool({ name: 'call_tool', arguments: { name: 'lc__add_tool', arguments: { name: 'x' } } }));
    expect(outside.message).toContain('not available on profile "disc"');
    expect((await refusal(disc.callTool({ name: 'describe_tool', arguments: { name: 'lc__add_tool' } }))).message).toContain(
      'no tool "lc__add_tool"',
    );
    const search = await disc.callTool({ name: 'search_tools', arguments: { query: 'add tool register' } });
    expect((search.structuredContent as { results: { name: string }[] }).results.map((r) => r.name)).not.toContain('lc__add_tool');
  });
});

describe('list_changed', () => {
  it('reaches only the profiles whose list changed', async () => {
    const seen = { full: 0, lc: 0, mem: 0, disc: 0 };
    const watch = async (path: string, key: keyof typeof seen) => {
      const c = await client(path);
      c.setNotificationHandler('notifications/tools/list_changed', () => void seen[key]++);
      await c.listTools();
      return c;
    };
    const full = await watch('', 'full');
    const mem = await watch('/mem', 'mem');
    const disc = await watch('/disc', 'disc');
    const lc = await watch('/lc', 'lc');
    // Open the GET streams that carry notifications before anything changes.
    await waitFor(() => running.gateway.openStreamCount() >= 4, 10_000, 'notification streams');
    await full.callTool({ name: 'lc__add_tool', arguments: { name: 'fresh' } });
    await waitFor(() => seen.lc === 1 && seen.full === 1, 10_000, 'list_changed on /mcp and /mcp/lc');
    expect(await names(lc)).toContain('lc__fresh');
    // Round trips on the other sessions: a notification sent to them would have arrived first.
    await Promise.all([mem.ping(), disc.ping()]);
    expect(seen.mem).toBe(0);
    expect(seen.disc).toBe(0);
  });

  it('a changed profile definition notifies only that profile', async () => {
    const seen = { mem: 0, picked: 0 };
    const mem = await client('/mem');
    const picked = await client('/picked');
    mem.setNotificationHandler('notifications/tools/list_changed', () => void seen.mem++);
    picked.setNotificationHandler('notifications/tools/list_changed', () => void seen.picked++);
    await Promise.all([mem.listTools(), picked.listTools()]);
    await waitFor(() => running.gateway.openStreamCount() >= 2, 10_000, 'notification streams');
    const changed = PROFILES.map((p) => (p.name === 'mem' ? { ...p, exclude: ['memory__delete_*'] } : p));
    await running.gateway.setProfiles(changed);
    await waitFor(() => seen.mem === 1, 10_000, 'list_changed on /mcp/mem');
    expect((await names(mem)).some((n) => n.startsWith('memory__delete_'))).toBe(false);
    await picked.ping();
    expect(seen.picked).toBe(0);
    await running.gateway.setProfiles(PROFILES);
  });

  it('closes the sessions of a removed profile', async () => {
    const lcClient = await client('/lc');
    await running.gateway.setProfiles(PROFILES.filter((p) => p.name !== 'lc'));
    await expect(lcClient.listTools()).rejects.toThrow();
    await running.gateway.setProfiles(PROFILES);
  });
});
