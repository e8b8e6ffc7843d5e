// A 2026-07-28 client through the real gateway to real 2025-era children (fixtures over stdio): discovery, lists with
// cache hints, tools, resources, prompts, completion, the children's sampling/elicitation/roots as input_required
// rounds (and the approval question on the same path), progress, cancellation, list_changed and resource updates
// over subscriptions/listen, a profile endpoint's view, a client token's boundary, a sealed requestState; and 2025
// clients on the same endpoint, unchanged.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as ChildClient, StdioClientTransport } from '../../electron/core/sdk/client.js';
import { Client, LATEST_PROTOCOL_VERSION, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { destructiveApproval } from '../helpers/approval.js';
import { QuestionBroker } from '../../electron/core/trust/questions.js';
import { systemClock } from '../../electron/core/env.js';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { pollFor } from '../helpers/wait.js';
import { testProfile } from '../helpers/test-settings.js';
import { testUpstream } from '../helpers/fake-upstreams.js';
import { MODERN_VERSION as MODERN, post2026 } from '../helpers/raw-2026.js';
import { connectClient, RecordingRecorder, TEST_TOKEN, TestUpstreams, testEnv, testSettings, type Connected } from './gateway-helpers.js';

const TOKEN_A = 'client-token-for-profile-a-0123456789';
const TOKEN_ALL = 'client-token-for-all-tools-0123456789';
const children: Connected[] = [];
const closers: { close(): Promise<void> }[] = [];
const upstreams = new TestUpstreams();
let gateway: Gateway;
let base: string;

type Caps = ConstructorParameters<typeof Client>[1] extends infer O ? (O extends { capabilities?: infer C } ? C : never) : never;
const ALL: Caps = { sampling: {}, elicitation: { form: {} }, roots: {} };

async function modern(path = '', opts: { caps?: Caps; token?: string; mode?: 'auto' } = {}): Promise<Client> {
  const client = new Client(
    { name: 'ide-2026', version: '1.0.0' },
    { capabilities: opts.caps ?? ALL, versionNegotiation: { mode: opts.mode ?? { pin: MODERN } } },
  );
  const caps = opts.caps ?? ALL;
  if (caps.sampling) {
    client.setRequestHandler('sampling/createMessage', async (req) => {
      const first = req.params.messages[0]?.content as { text?: string };
      return { model: 'test', role: 'assistant', content: { type: 'text', text: `ada answers ${first.text ?? ''}` } };
    });
  }
  if (caps.elicitation) {
    client.setRequestHandler('elicitation/create', async (req) => {
      asked.push(req.params.message);
      const wantsDecision = JSON.stringify(req.params).includes('decision');
      const content: Record<string, string> = wantsDecision ? { decision: 'allow-once' } : { name: 'ada' };
      return { action: 'accept', content };
    });
  }
  if (caps.roots) client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///work/ada' }] }));
  const transport = new StreamableHTTPClientTransport(new URL(base + path), {
    requestInit: { headers: { Authorization: `Bearer ${opts.token ?? TEST_TOKEN}` } },
  });
  await client.connect(transport);
  closers.push(client);
  return client;
}
const asked: string[] = [];

const textOf = (r: unknown) => (r as { content: { text?: string }[] }).content[0]?.text ?? '';

/** One raw 2026 request (envelope in _meta, Mcp-Method header), for what the SDK client hides. */
async function raw(method: string, params: Record<string, unknown>, opts: { path?: string; token?: string } = {}) {
  const { status, body } = await post2026(base + (opts.path ?? ''), method, params, {
    token: opts.token ?? TEST_TOKEN,
    capabilities: { elicitation: { form: {} } },
  });
  return { status, body: body ?? {} };
}

/** A 2025-era child over stdio, connected as the supervisor does: declaring what the gateway can forward to clients. */
async function child(id: string, file: string): Promise<Connected> {
  const client = new ChildClient(
    { name: `gw-${id}`, version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} } },
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(FIXTURE_DIR, file)],
    stderr: 'ignore',
  });
  await client.connect(transport);
  return { upstream: testUpstream(id, client), close: () => client.close() };
}

beforeAll(async () => {
  children.push(
    ...(await Promise.all([
      child('peer', 'peer.ts'),
      child('diff', 'diff-target.ts'),
      child('lc', 'list-changer.ts'),
      child('notes', 'risky.ts'),
    ])),
  );
  for (const c of children) upstreams.add(c.upstream);
  upstreams.watch('lc', children[2].upstream.client);
  const settings = testSettings();
  const broker = new QuestionBroker({ clock: systemClock, onChange: () => undefined });
  gateway = new Gateway({
    env: testEnv(),
    upstreams,
    recorder: new RecordingRecorder(),
    settings: () => settings,
    getToken: () => TEST_TOKEN,
    clients: {
      verify: async (t) =>
        t === TOKEN_A ? { name: 'ide-a', profile: 'A' } : t === TOKEN_ALL ? { name: 'ide-all', profile: null } : undefined,
    },
    approval: destructiveApproval(broker, 'notes'),
  });
  base = (await gateway.start()).url;
  await gateway.setProfiles([testProfile('A', { servers: ['peer'] }), testProfile('B', { servers: ['diff'] })]);
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close().catch(() => undefined)));
  await gateway?.stop();
  await Promise.all(children.map((c) => c.close()));
});

describe('a 2026-07-28 client on /mcp', () => {
  it('discovers the gateway (pinned and auto) without opening a session, beside a 2025 client that keeps its own', async () => {
    const legacy = await connectClient(base);
    closers.push(legacy);
    const pinned = await modern();
    const auto = await modern('', { mode: 'auto' });
    expect(pinned.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(auto.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(pinned.getServerVersion()?.name).toBe('mcp-orchestrator');
    expect(pinned.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const names = (await pinned.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['peer__ask_llm', 'diff__echo', 'lc__add_tool']));
    expect((await legacy.listTools()).tools.map((t) => t.name).sort()).toEqual([...names].sort());
    // Only the 2025 client holds a session; the 2026 ones are stateless.
    expect(gateway.sessionCount()).toBe(1);
    // The same SDK client, in its default negotiation: the 2025 era.
    expect(legacy.getProtocolEra()).toBe('legacy');
    expect(legacy.getNegotiatedProtocolVersion()).toBe(LATEST_PROTOCOL_VERSION);
  });

  it('marks lists private to the requesting client, with no lifetime', async () => {
    const { status, body } = await raw('tools/list', {});
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
  });

  it('calls tools, reads resources, gets prompts and completes through the children', async () => {
    const client = await modern();
    expect(textOf(await client.callTool({ name: 'diff__echo', arguments: { text: 'hi' } }))).toBe('hi');
    const read = await client.readResource({ uri: 'peer://counter' });
    expect((read.contents[0] as { text: string }).text).toBe('1');
    const prompt = await client.getPrompt({ name: 'peer__greet', arguments: { name: 'ada' } });
    expect((prompt.messages[0]?.content as { text: string }).text).toBe('Hello ada');
    const done = await client.complete({ ref: { type: 'ref/prompt', name: 'peer__greet' }, argument: { name: 'name', value: 'al' } });
    expect(done.completion.values.sort()).toEqual(['albert', 'alice']);
    // An unknown resource names itself in data.uri (SEP-2164).
    const missing = await client.readResource({ uri: 'nowhere://x' }).catch((e: unknown) => e as { data?: { uri?: string } });
    expect((missing as { data?: { uri?: string } }).data?.uri).toBe('nowhere://x');
  });

  it("turns a 2025 child's sampling, elicitation and roots requests into input_required rounds", async () => {
    const client = await modern();
    expect(textOf(await client.callTool({ name: 'peer__ask_llm', arguments: { prompt: 'hi' } }))).toBe('ada answers hi');
    expect(textOf(await client.callTool({ name: 'peer__ask_user', arguments: {} }))).toBe('accept:ada');
    expect(textOf(await client.callTool({ name: 'peer__list_roots', arguments: {} }))).toBe('file:///work/ada');
  });

  it('asks the approval question as an input_required round too', async () => {
    const client = await modern();
    const before = asked.length;
    const result = await client.callTool({ name: 'notes__delete_note', arguments: { name: 'n1' } });
    expect(result.isError).toBeFalsy();
    expect(asked.slice(before).some((m) => m.includes('delete_note'))).toBe(true);
  });

  it('refuses with -32021 when a child needs a capability the request did not declare', async () => {
    const client = await modern('', { caps: { elicitation: { form: {} } } });
    const err = await client.callTool({ name: 'peer__ask_llm', arguments: { prompt: 'x' } }).then(
      () => undefined,
      (e: unknown) => e as { code?: number; message: string },
    );
    expect(err?.code).toBe(-32021);
    expect(err?.message).toContain('sampling');
  });

  it('relays progress of a call', async () => {
    const client = await modern();
    const seen: number[] = [];
    await client.callTool({ name: 'diff__progress', arguments: {} }, { onprogress: (p) => seen.push(p.progress) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('cancels the child call when the client aborts, and relays logs only at the level the request asked for', async () => {
    const client = await modern();
    const count = async () => Number(textOf(await client.callTool({ name: 'diff__cancelled_count', arguments: {} })));
    const before = await count();
    const abort = new AbortController();
    let logged!: () => void;
    const waiting = new Promise<void>((r) => (logged = r));
    client.setNotificationHandler('notifications/message', () => logged());
    const call = client.callTool(
      { name: 'diff__slow', arguments: { ms: 60_000, announce: true }, _meta: { 'io.modelcontextprotocol/logLevel': 'info' } },
      { signal: abort.signal },
    );
    await waiting; // the child is running the call
    abort.abort();
    await expect(call).rejects.toThrow();
    await pollFor(async () => (await count()) > before, 'the child to see the cancellation', 10_000);
  });
});

describe('subscriptions/listen', () => {
  it('delivers list_changed for the endpoint when a child changes its tools', async () => {
    const client = await modern();
    let changed!: () => void;
    const heard = new Promise<void>((r) => (changed = r));
    client.setNotificationHandler('notifications/tools/list_changed', () => changed());
    const sub = await client.listen({ toolsListChanged: true });
    await client.callTool({ name: 'lc__add_tool', arguments: { name: 'fresh' } });
    await heard;
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('lc__fresh');
    await sub.close();
  });

  it("delivers a subscribed resource's updates, subscribing at the child while the stream is open", async () => {
    const client = await modern();
    let updated!: (uri: string) => void;
    const heard = new Promise<string>((r) => (updated = r));
    client.setNotificationHandler('notifications/resources/updated', (n) => updated(n.params.uri));
    const sub = await client.listen({ resourceSubscriptions: ['peer://counter'] });
    expect(textOf(await client.callTool({ name: 'peer__touch', arguments: {} }))).toBe('updated');
    expect(await heard).toBe('peer://counter');
    await sub.close();
    await pollFor(
      async () => textOf(await client.callTool({ name: 'peer__touch', arguments: {} })) === 'not subscribed',
      'unsubscribe',
      10_000,
    );
  });
});

describe('profiles, tokens and requestState', () => {
  it("ends a revoked client token's listen streams", async () => {
    const client = await modern('', { token: TOKEN_ALL });
    const sub = await client.listen({ toolsListChanged: true });
    await gateway.closeClientSessions('ide-all');
    await expect(sub.closed).resolves.toBe('remote');
  });

  it("serves a profile's view on /mcp/<profile>", async () => {
    const client = await modern('/A', { token: TOKEN_A });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('peer__ask_llm');
    expect(names.some((n) => n.startsWith('diff__'))).toBe(false);
    expect(textOf(await client.callTool({ name: 'peer__ask_user', arguments: {} }))).toBe('accept:ada');
  });

  it("refuses a client token on another profile's endpoint, as for 2025 requests", async () => {
    const { status, body } = await raw('tools/list', {}, { path: '/B', token: TOKEN_A });
    expect(status).toBe(403);
    expect(body.error?.message).toContain('bound to /mcp/A');
    await expect(modern('/B', { token: TOKEN_A })).rejects.toThrow();
  });

  it('refuses a tampered requestState, and one presented by another credential', async () => {
    const first = await raw('tools/call', { name: 'peer__ask_user', arguments: {} });
    expect(first.body.result).toMatchObject({ resultType: 'input_required' });
    const state = String(first.body.result?.requestState);
    const key = Object.keys(first.body.result?.inputRequests as object)[0];
    const answer = { inputResponses: { [key]: { action: 'accept', content: { name: 'eve' } } } };
    const tampered = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await raw('tools/call', { name: 'peer__ask_user', arguments: {}, ...answer, requestState: tampered });
    expect(bad.body.error?.code).toBe(-32602);
    const stolen = await raw('tools/call', { name: 'peer__ask_user', arguments: {}, ...answer, requestState: state }, { token: TOKEN_ALL });
    expect(stolen.body.error?.code).toBe(-32602);
    const own = await raw('tools/call', { name: 'peer__ask_user', arguments: {}, ...answer, requestState: state });
    expect(textOf(own.body.result)).toBe('accept:eve');
    const replayed = await raw('tools/call', { name: 'peer__ask_user', arguments: {}, ...answer, requestState: state });
    expect(replayed.body.error?.code).toBe(-32602);
  });
});
