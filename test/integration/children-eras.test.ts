// Children in both protocol eras (issue 21): the supervisor's SDK v2 client negotiates with each child. The
// conformance fixture (SDK v2, both eras) as a remote child: 2026-07-28 with "auto" and when pinned, 2025-11-25 with
// "legacy"; server-everything and a fixture of ours on stdio stay 2025. The era shows in status. Through the
// gateway, a 2025 SDK client with an elicitation/sampling/roots handler answers a 2026 child's input_required rounds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import type { ServerConfig } from '../../shared/types.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { createTestSupervisor, FIXTURE_DIR, stdioConfig, waitForStatus, waitUntil } from '../fixtures/servers/supervisor-harness.js';
import { connectClient } from '../helpers/connect-client.js';
import { binOf, startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';

let fixture: ConformanceFixture;
let sup: Supervisor;
let gw: RunningGateway;

const remote = (id: string, protocol?: string): ServerConfig =>
  stdioConfig(id, '', [], { transport: 'http', command: undefined, url: fixture.url, ...(protocol ? { protocol } : {}) });

const running = (id: string) => waitForStatus(sup, id, (s) => s.state === 'running' || s.state === 'failed', 30_000);

beforeAll(async () => {
  fixture = await startConformanceFixture();
  sup = createTestSupervisor();
  await sup.setServers([
    remote('auto'),
    remote('legacy', 'legacy'),
    remote('pinned', '2026-07-28'),
    stdioConfig('everything', process.execPath, [binOf('@modelcontextprotocol/server-everything'), 'stdio']),
    stdioConfig('peer', process.execPath, ['--import', 'tsx', join(FIXTURE_DIR, 'peer.ts')]),
    // A built-in server, from dist/servers as the app runs it (no key needed to start).
    stdioConfig('weather', '', [], { builtin: 'weather', command: undefined }),
  ]);
  await Promise.all(['auto', 'legacy', 'pinned', 'everything', 'peer', 'weather'].map(running));
  gw = await startGateway(sup);
}, 60_000);

afterAll(async () => {
  await gw?.gateway.stop();
  await sup?.stopAll();
  await fixture?.close();
});

/** A 2025 client as an IDE is one: the SDK v2 client (2025 by default) over Streamable HTTP, answering the server's questions. */
async function ide(): Promise<{ client: Client; asked: string[] }> {
  const asked: string[] = [];
  const answer = (c: Client) => {
    c.setRequestHandler('elicitation/create', async (req) => {
      asked.push(`elicit: ${req.params.message}`);
      const ask = req.params as { requestedSchema?: { properties?: Record<string, { type?: string }> } };
      const field = Object.keys(ask.requestedSchema?.properties ?? {})[0];
      return { action: 'accept', content: field === 'ok' ? { ok: true } : { [field]: 'Ada' } };
    });
    c.setRequestHandler('sampling/createMessage', async () => {
      asked.push('sampling');
      return { role: 'assistant', model: 'test', content: { type: 'text', text: 'Paris' } };
    });
    c.setRequestHandler('roots/list', async () => {
      asked.push('roots');
      return { roots: [{ uri: 'file:///work/project', name: 'project' }] };
    });
  };
  const capabilities = { elicitation: {}, sampling: {}, roots: {} };
  const client = await connectClient(gw.url, TEST_TOKEN, { name: 'ide-2025', capabilities, setup: answer });
  return { client, asked };
}

const textOf = (r: unknown) => ((r as { content: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

describe('children in both eras', () => {
  it('negotiates 2026-07-28 with a modern child under "auto" and when pinned, 2025-11-25 when told "legacy"', () => {
    for (const [id, version] of [
      ['auto', '2026-07-28'],
      ['pinned', '2026-07-28'],
      ['legacy', '2025-11-25'],
    ] as const) {
      const s = sup.status(id);
      expect(s.state, `${id}: ${s.lastError}`).toBe('running');
      expect(s.protocolVersion, id).toBe(version);
      expect(s.toolCount, id).toBeGreaterThan(0);
      expect(sup.get(id)?.client.getNegotiatedProtocolVersion()).toBe(version);
    }
  });

  it('keeps stdio children (server-everything, a fixture of ours, a built-in) on 2025 and working, after probing them', async () => {
    for (const id of ['everything', 'peer', 'weather']) {
      const s = sup.status(id);
      expect(s.state, `${id}: ${s.lastError}`).toBe('running');
      expect(s.protocolVersion, id).toBe('2025-11-25');
    }
    const echo = await sup.get('everything')!.client.callTool({ name: 'echo', arguments: { message: 'both eras' } });
    expect(textOf(echo)).toContain('both eras');
  });

  it('calls a 2026 child statelessly and a 2025 session of the same server alike', async () => {
    for (const id of ['auto', 'legacy']) {
      const res = await sup.get(id)!.client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(textOf(res), id).toContain('This is a simple text response for testing');
    }
  });

  it('turns a 2026 child’s input_required rounds into requests to a 2025 client, and retries with its answers', async () => {
    const { client, asked } = await ide();
    try {
      const hello = await client.callTool({ name: 'auto__test_input_required_result_elicitation', arguments: {} });
      expect(textOf(hello)).toBe('Hello, Ada!');
      const sampled = await client.callTool({ name: 'auto__test_input_required_result_sampling', arguments: {} });
      expect(textOf(sampled)).toBe('Sampling response: Paris');
      const roots = await client.callTool({ name: 'auto__test_input_required_result_list_roots', arguments: {} });
      expect(textOf(roots)).toBe('Client exposed 1 root(s): file:///work/project');
      // The sealed requestState went back with the answer: the child verified it.
      const state = await client.callTool({ name: 'auto__test_input_required_result_request_state', arguments: {} });
      expect(textOf(state)).toBe('state-ok: requestState verified and confirmation received');
      expect(asked).toEqual(['elicit: What is your name?', 'sampling', 'roots', 'elicit: Please confirm']);
    } finally {
      await client.close();
    }
  });

  it('hears a 2026 child’s list_changed (over subscriptions/listen) as a 2025 child’s', async () => {
    const seen: string[] = [];
    const off = sup.onChange((c) => seen.push(`${c.serverId}:${c.kinds.join(',')}`));
    try {
      await sup.get('auto')!.client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
      await waitUntil(() => seen.includes('auto:tools'), 10_000, 'tools list_changed from the 2026 child');
    } finally {
      off();
    }
  });

  it('keeps the era across a restart, and the status says it again', async () => {
    await sup.restart('auto');
    const s = await running('auto');
    expect(s.state, s.lastError ?? '').toBe('running');
    expect(s.restarts).toBe(1);
    expect(s.protocolVersion).toBe('2026-07-28');
    const res = await sup.get('auto')!.client.callTool({ name: 'test_simple_text', arguments: {} });
    expect(textOf(res)).toContain('simple text');
  });
});
