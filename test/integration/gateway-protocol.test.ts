// The whole protocol through the gateway, with a real Supervisor, real child processes (the
// peer fixture over stdio and over Streamable HTTP) and the SDK's own client: sampling,
// elicitation, roots, logging, subscriptions, completion, tool_prefix "" with collisions,
// advertised capabilities and redacted child errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  ProtocolError,
  StreamableHTTPClientTransport,
  type CallToolResult,
  type ClientCapabilities,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/client';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { Redactor } from '../../electron/core/secrets/redact.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createTestSupervisor, FIXTURE_DIR, REPO_ROOT, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { pollFor, waitFor } from '../helpers/wait.js';
import { RecordingRecorder } from '../helpers/fake-upstreams.js';
import { TEST_TOKEN } from './gateway-helpers.js';
import { testEnv, testSettings } from '../helpers/test-settings.js';

const SECRET = 'peer-secret-0123456789abcdef';
const PEER = join(FIXTURE_DIR, 'peer.ts');
const ALL_CAPS: ClientCapabilities = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

let remote: ChildProcess;
let sup: Supervisor;
let gateway: Gateway;
let url: string;
const clients: Client[] = [];

async function startRemotePeer(): Promise<string> {
  remote = spawn(process.execPath, ['--import', 'tsx', PEER, '--http'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PEER_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    remote.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    remote.once('exit', (code) => reject(new Error(`remote peer exited (${code})`)));
  });
  return `http://127.0.0.1:${port}/mcp`;
}

async function connect(name: string, caps: ClientCapabilities, setup: (c: Client) => void = () => {}): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: caps });
  setup(client);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${TEST_TOKEN}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function textOf(r: unknown): string {
  const content = (r as CallToolResult).content;
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

/** A client whose sampling/elicitation/roots handlers answer with its own name. */
function answering(name: string, onSampling: () => Promise<void> = async () => {}) {
  return (c: Client) => {
    c.setRequestHandler('sampling/createMessage', async (req) => {
      await onSampling();
      const prompt = req.params.messages[0].content as { type: string; text?: string };
      return {
        role: 'assistant',
        model: 'test',
        content: { type: 'text', text: `${name} answers ${prompt.type === 'text' ? prompt.text : ''}` },
      };
    });
    c.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name } }));
    c.setRequestHandler('roots/list', async () => ({ roots: [{ uri: `file:///work/${name}`, name }] }));
  };
}

beforeAll(async () => {
  const remoteUrl = await startRemotePeer();
  sup = createTestSupervisor();
  const redactor = new Redactor();
  redactor.add(SECRET);
  await sup.setServers([
    stdioConfig('peer', process.execPath, ['--import', 'tsx', PEER], { toolPrefix: '', env: { PEER_SECRET: SECRET } }),
    { ...stdioConfig('remote', '', []), transport: 'http', command: undefined, url: remoteUrl, toolPrefix: '' },
  ]);
  await Promise.all(['peer', 'remote'].map((id) => waitForStatus(sup, id, (s) => s.state === 'running')));
  const settings = testSettings();
  gateway = new Gateway({
    env: testEnv(),
    upstreams: sup,
    recorder: new RecordingRecorder(),
    settings: () => settings,
    getToken: () => TEST_TOKEN,
    redact: (t) => redactor.redact(t),
  });
  url = (await gateway.start()).url;
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await gateway?.stop();
  await sup?.stopAll();
  remote?.kill();
});

describe('tool_prefix and capabilities', () => {
  it('keeps original names with tool_prefix "", and the later server in id order gets its id prefix on a clash', async () => {
    const client = await connect('names', {});
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['ask_llm', 'remote__ask_llm', 'touch', 'remote__touch']));
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(['greet', 'remote__greet']));
    expect(gateway.aggregator.nameCollisions('remote')).toContain('tool "ask_llm" is published as "remote__ask_llm": peer has that name');
    expect(gateway.aggregator.nameCollisions('peer')).toEqual([]);
  });

  it('advertises logging, resource subscriptions and completions because the children serve them', async () => {
    const client = await connect('caps', {});
    const caps = client.getServerCapabilities();
    expect(caps?.logging).toEqual({});
    expect(caps?.resources?.subscribe).toBe(true);
    expect(caps?.completions).toEqual({});
  });
});

describe('server-to-client requests', () => {
  it('sampling, elicitation and roots from a stdio child reach the calling client', async () => {
    const client = await connect('ada', ALL_CAPS, answering('ada'));
    expect(textOf(await client.callTool({ name: 'ask_llm', arguments: { prompt: 'hi' } }))).toBe('ada answers hi');
    expect(textOf(await client.callTool({ name: 'ask_user', arguments: {} }))).toBe('accept:ada');
    expect(textOf(await client.callTool({ name: 'list_roots', arguments: {} }))).toBe('file:///work/ada');
  });

  it('a client without the sampling capability gets a clear error, not a hang', async () => {
    const client = await connect('plain', {});
    const r = await client.callTool({ name: 'ask_llm', arguments: { prompt: 'hi' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/does not support sampling/);
  });

  it('two sessions calling the same remote child at once each get their own sampling request', async () => {
    let waiting = 0;
    let release!: () => void;
    const both = new Promise<void>((r) => (release = r));
    // Each handler waits until both requests are in flight, so the calls truly overlap.
    const barrier = async () => {
      if (++waiting === 2) release();
      await Promise.race([both, new Promise((_, rej) => setTimeout(() => rej(new Error('no overlap')), 15_000))]);
    };
    const [a, b] = await Promise.all([
      connect('anna', ALL_CAPS, answering('anna', barrier)),
      connect('bert', ALL_CAPS, answering('bert', barrier)),
    ]);
    const [ra, rb] = await Promise.all([
      a.callTool({ name: 'remote__ask_llm', arguments: { prompt: 'one' } }),
      b.callTool({ name: 'remote__ask_llm', arguments: { prompt: 'two' } }),
    ]);
    expect(textOf(ra)).toBe('anna answers one');
    expect(textOf(rb)).toBe('bert answers two');
  }, 30_000);

  it('over stdio, a child request while several sessions call that child is refused as ambiguous, never misrouted', async () => {
    const [a, b] = await Promise.all([
      connect('stdio-a', ALL_CAPS, answering('stdio-a')),
      connect('stdio-b', ALL_CAPS, answering('stdio-b')),
    ]);
    const results = await Promise.all([a, b].map((c) => c.callTool({ name: 'ask_llm_together', arguments: {} })));
    // The first child request arrives while both calls are in flight, so it must be refused. The other may
    // arrive after the refused call has returned, when only its own session is left: then it may be answered,
    // but only by its own client.
    const refused = results.filter((r) => r.isError);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) expect(textOf(r)).toMatch(/several clients have requests in flight/);
    results.forEach((r, i) => {
      if (!r.isError) expect(textOf(r)).toBe(`${i === 0 ? 'stdio-a' : 'stdio-b'} answers x`);
    });
  }, 30_000);

  it('notifications/roots/list_changed from a client reaches the children', async () => {
    const client = await connect('roots', ALL_CAPS, answering('roots'));
    const before = Number(textOf(await client.callTool({ name: 'roots_changes', arguments: {} })));
    await client.sendRootsListChanged();
    await pollFor(
      async () => Number(textOf(await client.callTool({ name: 'roots_changes', arguments: {} }))) > before,
      'roots change at the child',
      10_000,
      50,
    );
  });
});

describe('logging', () => {
  it('child log messages reach the session that asked for that level, with logger naming the server', async () => {
    const got: LoggingMessageNotification['params'][] = [];
    const other: LoggingMessageNotification['params'][] = [];
    const a = await connect('logs-a', {}, (c) => c.setNotificationHandler('notifications/message', (n) => void got.push(n.params)));
    await connect('logs-b', {}, (c) => c.setNotificationHandler('notifications/message', (n) => void other.push(n.params)));
    await a.setLoggingLevel('info');
    expect(textOf(await a.callTool({ name: 'log_some', arguments: {} }))).toBe('logged');
    await waitFor(() => got.some((m) => m.data === 'related error'), 10_000, 'log messages');
    const related = got.filter((m) => String(m.data).startsWith('related'));
    expect(related.map((m) => m.data)).toEqual(['related info', 'related error']);
    expect(related.every((m) => m.logger === 'peer')).toBe(true);
    expect(other.filter((m) => String(m.data).startsWith('related'))).toEqual([]);
    // Unrelated to any request: fanned out to sessions whose level admits it (a, not b).
    expect(textOf(await a.callTool({ name: 'log_later', arguments: {} }))).toBe('scheduled');
    await waitFor(() => got.some((m) => m.data === 'unrelated warning'), 10_000, 'the unrelated warning');
    expect(got.find((m) => m.data === 'unrelated warning')?.logger).toBe('peer');
    expect(other.some((m) => m.data === 'unrelated warning')).toBe(false);
  });
});

describe('resources', () => {
  it('subscribe and unsubscribe reach the owning child; updates reach only the subscribed session', async () => {
    const updates: string[] = [];
    const bystander: string[] = [];
    const a = await connect('sub-a', {}, (c) =>
      c.setNotificationHandler('notifications/resources/updated', (n) => void updates.push(n.params.uri)),
    );
    await connect('sub-b', {}, (c) =>
      c.setNotificationHandler('notifications/resources/updated', (n) => void bystander.push(n.params.uri)),
    );
    // Both children list peer://counter, so each is published as `<id>+peer://counter`.
    const uris = (await a.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['peer+peer://counter', 'remote+peer://counter']));
    await a.subscribeResource({ uri: 'peer+peer://counter' });
    expect(textOf(await a.callTool({ name: 'touch', arguments: {} }))).toBe('updated');
    await waitFor(() => updates.length > 0, 10_000, 'resources/updated');
    expect(updates).toEqual(['peer+peer://counter']);
    expect(bystander).toEqual([]);
    await a.unsubscribeResource({ uri: 'peer+peer://counter' });
    expect(textOf(await a.callTool({ name: 'touch', arguments: {} }))).toBe('not subscribed');
  });
});

describe('completion', () => {
  it('works for namespaced prompt refs and resource-template refs', async () => {
    const client = await connect('complete', {});
    const byPrompt = await client.complete({ ref: { type: 'ref/prompt', name: 'remote__greet' }, argument: { name: 'name', value: 'al' } });
    expect(byPrompt.completion.values).toEqual(['alice', 'albert']);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toContain('peer+peer://files/{name}');
    const byTemplate = await client.complete({
      ref: { type: 'ref/resource', uri: 'peer+peer://files/{name}' },
      argument: { name: 'name', value: 'b' },
    });
    expect(byTemplate.completion.values).toEqual(['bob']);
  });
});

describe('redaction', () => {
  it('a child error carrying its key reaches the client redacted (tool error result)', async () => {
    const client = await connect('redact-tool', {});
    const r = await client.callTool({ name: 'fail_with_key', arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/upstream rejected key \[redacted\]/);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('a child JSON-RPC error carrying its key in message and data reaches the client redacted', async () => {
    const client = await connect('redact-error', {});
    const err = await client.getPrompt({ name: 'secret_prompt' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).message).toMatch(/\[peer\] prompt refused key \[redacted\]/);
    expect(JSON.stringify((err as ProtocolError).data)).not.toContain(SECRET);
    expect((err as ProtocolError).message).not.toContain(SECRET);
  });
});
