// The pipeline's two entries and its two ways to a child held to the SDK's answers: two
// gateways over identical real children (server-everything and the diff-target fixture, twice:
// once plainly namespaced, once with a tool_prefix). On one, JSON-path requests enter forward()
// directly (json-entry.ts, the default) and reach these 2025-era stdio children on the direct
// lane (child-lane.ts, the default); on the other every request goes through the session's SDK
// Server, whose Protocol parses params, words errors, drops replies to cancelled requests and
// sends progress before our handler runs, and on to each child through the SDK Client. The same 500 seeded random valid requests (every method
// the pipeline serves, on /mcp and two profile endpoints, errors included) and a set of
// invalid ones go to both over raw HTTP, and a share also through the SDK's client: every
// reply must be identical (status, JSON or SSE, every message).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specTypeSchemas, type Client, type Progress, type ProtocolError } from '@modelcontextprotocol/client';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { pollFor } from '../helpers/wait.js';
import { generate, rawSession, type Catalogue, type Generated, type RawSession } from './pipeline-diff-helpers.js';
import { INVALID_BODIES } from './pipeline-diff-invalid.js';
import {
  RecordingRecorder,
  TEST_TOKEN,
  TestUpstreams,
  connectClient,
  connectEverything,
  connectStdio,
  testEnv,
  testSettings,
  type Connected,
} from './gateway-helpers.js';
import { testProfile } from '../helpers/test-settings.js';

const SECRET = 'sk-diff-0123456789';
const SEED = 20261130;
const VALID_COUNT = 500;
const SDK_COUNT = 120;
const ENDPOINTS = ['', '/prof', '/disc'];

const profile = testProfile;
const PROFILES = [
  profile('prof', { tools: ['everything__echo', 'everything__get-sum', 'diff__*', 'p_*'], exclude: ['diff__fail'] }),
  profile('disc', { servers: ['diff', 'everything'], discovery: true, pinned: ['diff__echo'] }),
];

interface Side {
  name: string;
  gateway: Gateway;
  url: string;
  children: Connected[];
  raw: Map<string, RawSession>;
  sdk: Map<string, Client>;
  recorder: RecordingRecorder;
  /** The ids of the tools/call requests the children received. */
  callIds: number[];
}

/** Notes the id of every tools/call sent to the child (before the gateway adds its own wrappers). */
function noteCallIds(child: Connected, ids: number[]): void {
  const transport = child.upstream.client.transport!;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const m = message as { id?: unknown; method?: string };
    if (m.method === 'tools/call' && typeof m.id === 'number') ids.push(m.id);
    return send(message, options);
  };
}

async function startSide(name: string, jsonEntry: boolean): Promise<Side> {
  const diffArgs = ['--import', 'tsx', join(FIXTURE_DIR, 'diff-target.ts')];
  const env = { DIFF_SECRET: SECRET };
  const children = await Promise.all([
    connectEverything(),
    connectStdio('diff', diffArgs, env, { disabledTools: new Set(['hidden']), timeoutMs: 1_500 }),
    connectStdio('alt', diffArgs, env, { prefix: 'p_' }),
  ]);
  const callIds: number[] = [];
  const upstreams = new TestUpstreams();
  for (const c of children) {
    noteCallIds(c, callIds);
    upstreams.add(c.upstream);
  }
  const recorder = new RecordingRecorder();
  const settings = testSettings();
  const gateway = new Gateway({
    env: testEnv(),
    upstreams,
    recorder,
    settings: () => settings,
    getToken: () => TEST_TOKEN,
    redact: (t) => t.replaceAll(SECRET, '[redacted]'),
    jsonEntry,
    childLane: jsonEntry,
  });
  const { url } = await gateway.start();
  await gateway.setProfiles(PROFILES);
  const raw = new Map<string, RawSession>();
  const sdk = new Map<string, Client>();
  for (const e of ENDPOINTS) {
    raw.set(e, await rawSession(url + e, TEST_TOKEN));
    sdk.set(e, await connectClient(url + e));
  }
  return { name, gateway, url, children, raw, sdk, recorder, callIds };
}

let direct: Side;
let viaSdk: Side;
let requests: Generated[];

beforeAll(async () => {
  [direct, viaSdk] = await Promise.all([startSide('direct', true), startSide('sdk', false)]);
  const c = viaSdk.sdk.get('')!;
  const cat: Catalogue = {
    tools: (await c.listTools()).tools.map((t) => t.name).sort(),
    prompts: (await c.listPrompts()).prompts.map((p) => p.name).sort(),
    resources: (await c.listResources()).resources.map((r) => r.uri).sort(),
  };
  // Side effects outside this test's control (network, timers, state) are left out.
  cat.tools = cat.tools.filter((t) => !/gzip|toggle|long-running|research|elicit|sampl|cancelled_count/.test(t));
  requests = generate(SEED, VALID_COUNT, cat, ENDPOINTS);
}, 90_000);

afterAll(async () => {
  for (const side of [direct, viaSdk]) {
    if (!side) continue;
    for (const r of side.raw.values()) r.close();
    await Promise.all([...side.sdk.values()].map((c) => c.close().catch(() => undefined)));
    await side.gateway.stop();
    await Promise.all(side.children.map((c) => c.close()));
  }
});

async function both(endpoint: string, body: unknown) {
  const [a, b] = await Promise.all([direct.raw.get(endpoint)!.send(body), viaSdk.raw.get(endpoint)!.send(body)]);
  return { direct: a, sdk: b };
}

describe("the pipeline's JSON entry vs its SDK Server entry", () => {
  it('gives identical raw replies to 500 seeded random valid requests', async () => {
    const answeredBefore = direct.gateway.jsonEntry!.stats.answered;
    for (let i = 0; i < requests.length; i++) {
      const g = requests[i];
      const body = { jsonrpc: '2.0', id: 1000 + i, method: g.method, ...(g.params ? { params: g.params } : {}) };
      const r = await both(g.endpoint, body);
      expect(r.direct, `request ${i} on /mcp${g.endpoint}: ${JSON.stringify(body)}`).toEqual(r.sdk);
    }
    // The JSON entry answered every one of them (progress and errors included): none went to the SDK Server.
    expect(direct.gateway.jsonEntry!.stats.answered - answeredBefore).toBe(VALID_COUNT);
    expect(viaSdk.gateway.jsonEntry).toBeUndefined();
    // The direct side's calls without a progress token went on the lane, with its ids; the other side's all went
    // through the SDK Client (ids counted from 0 per child).
    const onLane = (s: Side) => s.callIds.filter((id) => id >= 2 ** 40).length;
    expect(onLane(direct)).toBeGreaterThan(50);
    expect(onLane(viaSdk)).toBe(0);
    // Metrics: the same calls recorded with the same outcomes.
    const outcomes = (s: Side) => s.recorder.calls.map((c) => `${c.serverId}:${c.ok}`);
    expect(outcomes(direct)).toEqual(outcomes(viaSdk));
  }, 300_000);

  it('gives identical replies to invalid requests, batches and timeouts', async () => {
    for (const [i, body] of INVALID_BODIES.entries()) {
      for (const e of ENDPOINTS) {
        const r = await both(e, body);
        expect(r.direct, `invalid ${i} on /mcp${e}: ${typeof body === 'string' ? body : JSON.stringify(body)}`).toEqual(r.sdk);
      }
    }
  }, 120_000);

  it('gives identical results and errors through the SDK client, progress included', async () => {
    const run = async (side: Side, g: Generated) => {
      const progress: Progress[] = [];
      const wantsProgress = (g.params?._meta as { progressToken?: unknown } | undefined)?.progressToken !== undefined;
      const { _meta, ...params } = g.params ?? {};
      void _meta;
      const request = { method: g.method, ...(g.params ? { params } : {}) };
      try {
        // The spec's loose Result schema, not the method's own: the raw results are compared, as the entries sent them.
        const result = await side.sdk.get(g.endpoint)!.request(request, specTypeSchemas.Result, {
          ...(wantsProgress ? { onprogress: (p: Progress) => progress.push(p) } : {}),
        });
        return { result, progress };
      } catch (err) {
        const e = err as ProtocolError;
        return { error: { type: e.constructor.name, code: e.code, message: e.message, data: e.data }, progress };
      }
    };
    for (const g of requests.slice(0, SDK_COUNT)) {
      const [a, b] = await Promise.all([run(direct, g), run(viaSdk, g)]);
      expect(a, JSON.stringify(g)).toEqual(b);
    }
  }, 300_000);

  it('answers concurrent calls in one POST batch and across sessions, each with its own result', async () => {
    // Many requests reach one stdio child in one turn (its pipe writes are coalesced, see child-writes.ts).
    const batch = Array.from({ length: 32 }, (_, i) => ({
      jsonrpc: '2.0',
      id: 5000 + i,
      method: 'tools/call',
      params: { name: i % 2 ? 'diff__echo' : 'p_echo', arguments: { text: `c${i}` } },
    }));
    const results = await Promise.all([both('', batch), ...batch.map((b) => both('/prof', b))]);
    for (const r of results) expect(r.direct).toEqual(r.sdk);
    const texts = (results[0].direct.messages[0] as { result: { content: { text: string }[] } }[]).map((m) => m.result.content[0].text);
    expect(texts).toEqual(batch.map((b) => b.params.arguments.text));
  }, 60_000);

  it('passes a client cancellation on to the child on both entries', async () => {
    for (const side of [direct, viaSdk]) {
      const client = side.sdk.get('')!;
      const count = async () => {
        const r = await client.callTool({ name: 'p_cancelled_count' });
        return Number((r.content as { text: string }[])[0].text);
      };
      const before = await count();
      const abort = new AbortController();
      // The child logs before it waits; the client cancels on hearing it, so the call is known to be running.
      client.setNotificationHandler('notifications/message', () => abort.abort('stop'));
      await expect(
        client.callTool({ name: 'p_slow', arguments: { ms: 30_000, announce: true } }, { signal: abort.signal }),
      ).rejects.toThrow();
      await pollFor(async () => (await count()) === before + 1, `${side.name}: child saw the cancellation`, 10_000);
    }
  }, 60_000);

  it('sends no reply to a request the client cancelled, on both entries', async () => {
    for (const side of [direct, viaSdk]) {
      // A session of its own: ending it ends the cancelled request's open reply stream.
      const session = await rawSession(side.url, TEST_TOKEN);
      const count = async () => {
        const r = await session.send({ jsonrpc: '2.0', id: 7001, method: 'tools/call', params: { name: 'p_cancelled_count' } });
        return Number((r.messages[0] as { result: { content: { text: string }[] } }).result.content[0].text);
      };
      try {
        const before = await count();
        const call = {
          jsonrpc: '2.0',
          id: 7000,
          method: 'tools/call',
          params: { name: 'p_slow', arguments: { ms: 30_000, announce: true } },
        };
        const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7000, reason: 'stop' } };
        let cancelled: Promise<unknown> | undefined;
        // The child logs before it waits: cancel on hearing it, so the call is known to be running.
        const reply = session.stream(call, (m) => {
          if (m.method === 'notifications/message') cancelled ??= session.send(cancel);
        });
        await pollFor(() => cancelled, `${side.name}: the child's log message`, 10_000);
        expect((await (cancelled as Promise<{ status: number }>)).status).toBe(202);
        await pollFor(async () => (await count()) === before + 1, `${side.name}: child saw the cancellation`, 10_000);
        // A round trip after the child answered the cancellation: a reply, had one been sent, is out by now.
        await count();
        expect(await session.end()).toBe(200);
        const messages = await reply;
        expect(messages.map((m) => m.method)).toEqual(['notifications/message']);
        expect(messages.some((m) => m.id === 7000)).toBe(false);
      } finally {
        session.close();
      }
    }
  }, 60_000);
});
