// Clients of both eras through the gateway to the conformance fixture as a child of both eras (issue 21): a 2026
// client reaches a 2026 child's input_required rounds with the child's own inputRequests keys, its first request's
// answers and its declared capabilities, and its Mcp-Param headers are mirrored to the child; a 2025 client gets the
// fixture's questions (elicitation with defaults and enums, sampling) as server→client requests, both through a 2025-era
// child (whose SDK sends them) and a 2026-era one (whose input_required rounds the gateway turns into them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import type { ServerConfig } from '../../shared/types.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { connectClient } from '../helpers/connect-client.js';
import { testProfile } from '../helpers/test-settings.js';
import { startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';

let fixture: ConformanceFixture;
let sup: Supervisor;
let gw: RunningGateway;
const closers: { close(): Promise<void> }[] = [];

const remote = (id: string, protocol?: string): ServerConfig =>
  stdioConfig(id, '', [], { transport: 'http', command: undefined, url: fixture.url, ...(protocol ? { protocol } : {}) });

beforeAll(async () => {
  fixture = await startConformanceFixture();
  sup = createTestSupervisor();
  await sup.setServers([remote('auto'), remote('legacy', 'legacy')]);
  for (const id of ['auto', 'legacy']) {
    const s = await waitForStatus(sup, id, (st) => st.state === 'running' || st.state === 'failed', 30_000);
    expect(s.state, `${id}: ${s.lastError}`).toBe('running');
  }
  expect(sup.status('auto').protocolVersion).toBe('2026-07-28');
  expect(sup.status('legacy').protocolVersion).toBe('2025-11-25');
  gw = await startGateway(sup);
  await gw.gateway.setProfiles([testProfile('both', { servers: ['auto', 'legacy'] })]);
}, 60_000);

afterAll(async () => {
  for (const c of closers) await c.close().catch(() => undefined);
  await gw?.gateway.stop();
  await sup?.stopAll();
  await fixture?.close();
});

type Caps = NonNullable<NonNullable<ConstructorParameters<typeof Client>[1]>['capabilities']>;

/** A 2026-07-28 client that handles input_required itself (no handlers: the rounds are the test's to read). */
async function modern(caps: Caps = { elicitation: { form: {} }, sampling: {}, roots: {} }, path = ''): Promise<Client> {
  const client = new Client(
    { name: 'ide-2026', version: '1.0.0' },
    { capabilities: caps, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gw.url + path), { requestInit: { headers: { Authorization: `Bearer ${TEST_TOKEN}` } } }),
  );
  closers.push(client);
  return client;
}

interface Round {
  resultType?: string;
  inputRequests?: Record<string, { method: string }>;
  requestState?: string;
  content?: { text?: string }[];
}

const call = (client: Client, params: Record<string, unknown>): Promise<Round> =>
  client.request({ method: 'tools/call', params } as never, { allowInputRequired: true } as never) as Promise<Round>;

const textOf = (r: unknown) => ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');
const accept = (content: Record<string, unknown>) => ({ action: 'accept', content });

describe('a 2026 client through the gateway to a 2026 child', () => {
  it('sees the child’s own inputRequests key, and its answer under that key completes the call', async () => {
    const client = await modern();
    const first = await call(client, { name: 'auto__test_input_required_result_elicitation', arguments: {} });
    expect(first.resultType).toBe('input_required');
    expect(Object.keys(first.inputRequests ?? {})).toEqual(['user_name']);
    const done = await call(client, {
      name: 'auto__test_input_required_result_elicitation',
      arguments: {},
      inputResponses: { user_name: accept({ name: 'Ada' }) },
      requestState: first.requestState,
    });
    expect(textOf(done)).toBe('Hello, Ada!');
    // A 2025 child's question carries no key, so there the gateway names it.
    const legacy = await call(client, { name: 'legacy__test_input_required_result_elicitation', arguments: {} });
    expect(Object.keys(legacy.inputRequests ?? {})).toEqual(['elicitation_1']);
  });

  it('hands the child the answers the first request already carries, extra keys and all', async () => {
    const client = await modern();
    const done = await call(client, {
      name: 'auto__test_input_required_result_elicitation',
      arguments: {},
      inputResponses: { user_name: accept({ name: 'Alice' }), unknown_extra_key: accept({ foo: 'bar' }) },
    });
    expect(done.resultType).not.toBe('input_required');
    expect(textOf(done)).toBe('Hello, Alice!');
  });

  it('forwards the capabilities the client declared, so the child asks only what the client can answer', async () => {
    const client = await modern({ sampling: {} });
    const first = await call(client, { name: 'auto__test_input_required_result_capabilities', arguments: {} });
    expect(first.resultType).toBe('input_required');
    expect(Object.entries(first.inputRequests ?? {}).map(([k, v]) => `${k}:${v.method}`)).toEqual(['greeting:sampling/createMessage']);
  });

  it('mirrors x-mcp-header arguments into Mcp-Param headers for the child, plain and base64', async () => {
    const client = await modern();
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('auto__test_x_mcp_header');
    for (const region of ['Hello', 'SGVsbG8=', '=?base64?SGVsbG8=?=', 'Zürich', ' padded ']) {
      const res = await client.callTool({ name: 'auto__test_x_mcp_header', arguments: { region } });
      expect(textOf(res), region).toBe(`region=${region}`);
    }
  });
});

describe('a 2026 child’s list_changed', () => {
  it('reaches a profile that includes the child even when its list comes out the same, as /mcp hears it', async () => {
    const client = await modern(undefined, '/both');
    let changed!: () => void;
    const heard = new Promise<void>((r) => (changed = r));
    client.setNotificationHandler('notifications/tools/list_changed', () => changed());
    const sub = await client.listen({ toolsListChanged: true });
    // The fixture publishes tools/list_changed without changing its tools.
    await client.callTool({ name: 'auto__test_trigger_tool_change', arguments: {} });
    await heard;
    await sub.close();
  });
});

describe('a 2025 client through the gateway to the fixture’s server→client questions', () => {
  /** The SDK v2 client with its default (`legacy`) negotiation: a 2025 client, answering the questions itself. */
  async function ide(): Promise<{ client: Client; asked: unknown[] }> {
    const asked: unknown[] = [];
    const answer = (c: Client) => {
      c.setRequestHandler('elicitation/create', async (req) => {
        asked.push(req.params);
        return { action: 'accept', content: {} };
      });
      c.setRequestHandler('sampling/createMessage', async () => ({
        role: 'assistant',
        model: 'test',
        content: { type: 'text', text: 'Paris' },
      }));
    };
    const client = await connectClient(gw.url, TEST_TOKEN, {
      name: 'ide-2025',
      capabilities: { elicitation: {}, sampling: {} },
      setup: answer,
    });
    expect(client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    closers.push(client);
    return { client, asked };
  }

  it('passes elicitation defaults and enum forms, and sampling, unchanged through a 2025-era child', async () => {
    const { client, asked } = await ide();
    await client.callTool({ name: 'legacy__test_elicitation_sep1034_defaults', arguments: {} });
    await client.callTool({ name: 'legacy__test_elicitation_sep1330_enums', arguments: {} });
    const [defaults, enums] = asked as { requestedSchema: { properties: Record<string, Record<string, unknown>> } }[];
    expect(defaults.requestedSchema.properties.name.default).toBe('John Doe');
    expect(defaults.requestedSchema.properties.score.default).toBe(95.5);
    expect(defaults.requestedSchema.properties.status).toMatchObject({ enum: ['active', 'inactive', 'pending'], default: 'active' });
    expect(enums.requestedSchema.properties.legacyEnum.enumNames).toEqual(['Option One', 'Option Two', 'Option Three']);
    expect(enums.requestedSchema.properties.titledMulti.items).toMatchObject({
      anyOf: [{ const: 'value1', title: 'First Choice' }, {}, {}],
    });
    const sampled = await client.callTool({ name: 'legacy__test_sampling', arguments: { prompt: 'Capital of France?' } });
    expect(textOf(sampled)).toBe('LLM response: Paris');
  });

  it('passes the same questions through a 2026-era child, which asks them as input_required rounds', async () => {
    const { client, asked } = await ide();
    // The fixture asks as a dual-era server does (an input_required round); the gateway, which reaches it in the 2026
    // era, turns each round into the 2025 request its client knows and takes the answer back to the child.
    const sampled = await client.callTool({ name: 'auto__test_sampling', arguments: { prompt: 'Capital of France?' } });
    expect(textOf(sampled)).toBe('LLM response: Paris');
    await client.callTool({ name: 'auto__test_elicitation_sep1034_defaults', arguments: {} });
    const [defaults] = asked as { requestedSchema: { properties: Record<string, Record<string, unknown>> } }[];
    expect(defaults.requestedSchema.properties.status).toMatchObject({ enum: ['active', 'inactive', 'pending'], default: 'active' });
    const elicited = await client.callTool({ name: 'auto__test_elicitation', arguments: { message: 'Your name?' } });
    expect(textOf(elicited)).toBe('User response: action=accept, content={}');
    expect(asked).toHaveLength(2);
  });
});
