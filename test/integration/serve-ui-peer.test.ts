// A tool called from the UI (control API callTool, no MCP session) whose child asks back: sampling
// and elicitation reach the UI as `peerRequest` events and are answered with answerPeerRequest;
// roots come from orchestrator.roots. Also the protocol log of that child. Real serve, real child.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerRequestDoneEvent, PeerRequestEvent, ProtocolLog, ToolCallOutcome } from '../../shared/contract.js';
import { SseParser, type SseMessage } from '../../renderer/src/api/sse-parser.js';
import { control, ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { startOpenAiFake, type OpenAiFake } from '../fixtures/vendors/index.js';

const SECRET = 'Peer-Secret-Value-9921';
const peer = {
  command: process.execPath,
  args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'peer.ts')],
  cwd: ROOT,
  env: { PEER_SECRET: '${LEAK_TEST_TOKEN}' },
};
const handles: ServeHandle[] = [];
const fakes: OpenAiFake[] = [];
const streams: AbortController[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.abort();
  await Promise.all(handles.splice(0).map((h) => h.stop()));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** The UI's event stream: resolves the next event of a name that passes `pred`. */
async function events(h: ServeHandle) {
  const abort = new AbortController();
  streams.push(abort);
  const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: abort.signal });
  const seen: SseMessage[] = [];
  const raw: string[] = [];
  const waiters: Array<() => void> = [];
  const parser = new SseParser();
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const got = parser.push(chunk);
        seen.push(...got);
        raw.push(...got.map((m) => `${m.event} ${m.data}`));
        for (const w of waiters.splice(0)) w();
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  const next = async <T>(name: string, pred: (v: T) => boolean = () => true): Promise<T> => {
    for (;;) {
      const i = seen.findIndex((m) => m.event === name && pred(JSON.parse(m.data) as T));
      if (i >= 0) return JSON.parse(seen.splice(i, 1)[0].data) as T;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { next, raw };
}

async function start(orchestrator: Record<string, unknown> = {}, more: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const h = await startServe(
    { servers: { peer, ...more }, orchestrator },
    { dir: await tempDir(), ui: false, env: { LEAK_TEST_TOKEN: SECRET, ...env } },
  );
  handles.push(h);
  await waitFor(
    async () => (await control<Array<{ name: string }>>(h, 'listTools')).value?.some((t) => t.name === 'peer__ask_llm'),
    'peer tools',
    30_000,
  );
  return h;
}

const text = (r: { value?: ToolCallOutcome }) => (r.value?.content[0] as { text?: string } | undefined)?.text;

describe('sampling, elicitation and roots for tool calls made from the UI', () => {
  it('answers sampling and elicitation by hand, roots from the settings, and logs the messages (redacted)', async () => {
    const h = await start({ roots: [{ uri: 'file:///work/project', name: 'project' }] });
    const ev = await events(h);
    expect(await control(h, 'watchProtocolLog', 'peer', true)).toEqual({ ok: true, value: null });

    const sampling = control<ToolCallOutcome>(h, 'callTool', 'peer__ask_llm', { prompt: 'Say hi' }, 'call-1');
    const asked = await ev.next<PeerRequestEvent>('peerRequest');
    expect(asked).toMatchObject({ method: 'sampling/createMessage', tool: 'peer__ask_llm', server: 'peer', callRequestId: 'call-1' });
    expect(JSON.stringify(asked.params)).toContain('Say hi');
    const answer = { role: 'assistant', content: { type: 'text', text: 'hi by hand' }, model: 'a person' };
    expect(await control(h, 'answerPeerRequest', asked.id, { result: answer })).toEqual({ ok: true, value: answer });
    expect(text(await sampling)).toBe('hi by hand');
    expect(await ev.next<PeerRequestDoneEvent>('peerRequestDone', (d) => d.id === asked.id)).toEqual({ id: asked.id, outcome: 'answered' });

    const elicitation = control<ToolCallOutcome>(h, 'callTool', 'peer__ask_user', {});
    const form = await ev.next<PeerRequestEvent>('peerRequest');
    expect(form.method).toBe('elicitation/create');
    expect(form.params).toMatchObject({ message: 'Your name?', requestedSchema: { properties: { name: { type: 'string' } } } });
    await control(h, 'answerPeerRequest', form.id, { result: { action: 'accept', content: { name: 'Ada' } } });
    expect(text(await elicitation)).toBe('accept:Ada');

    // Roots need no person: the configured list is the answer.
    expect(text(await control<ToolCallOutcome>(h, 'callTool', 'peer__list_roots', {}))).toBe('file:///work/project');

    // The protocol log holds both directions, named, with ids and sizes; the child's secret is masked.
    expect((await control<ToolCallOutcome>(h, 'callTool', 'peer__fail_with_key', {})).ok).toBe(true);
    const log = (await control<ProtocolLog>(h, 'getProtocolLog', 'peer')).value!;
    const find = (dir: string, method: string) => log.entries.find((e) => e.direction === dir && e.method === method);
    expect(find('to-server', 'initialize')).toBeTruthy();
    expect(find('from-server', 'response to initialize')).toBeTruthy();
    expect(find('from-server', 'sampling/createMessage')?.text).toContain('Say hi');
    expect(find('to-server', 'response to sampling/createMessage')?.text).toContain('hi by hand');
    expect(find('from-server', 'elicitation/create')).toBeTruthy();
    expect(find('to-server', 'response to roots/list')?.text).toContain('file:///work/project');
    const call = find('to-server', 'tools/call')!;
    expect(call.size).toBe(Buffer.byteLength(call.text));
    expect(typeof call.id).toBe('number');
    const all = JSON.stringify(log);
    expect(all).toContain('upstream rejected key [redacted]');
    expect(all).not.toContain(SECRET);
    // The live pushes of the same messages are redacted too.
    await waitFor(
      () => ev.raw.some((r) => r.startsWith('protocol ') && r.includes('upstream rejected key [redacted]')),
      'live protocol push',
      10_000,
    );
    expect(ev.raw.join('\n')).not.toContain(SECRET);
  }, 60_000);

  it('declares no roots when none are configured, and a declined or cancelled request reaches the child as an error', async () => {
    const h = await start();
    const ev = await events(h);
    const roots = await control<ToolCallOutcome>(h, 'callTool', 'peer__list_roots', {});
    expect(JSON.stringify(roots)).toMatch(/does not support roots/);

    const declined = control<ToolCallOutcome>(h, 'callTool', 'peer__ask_llm', { prompt: 'x' });
    const asked = await ev.next<PeerRequestEvent>('peerRequest');
    await control(h, 'answerPeerRequest', asked.id, { error: { message: 'the user declined' } });
    expect(JSON.stringify(await declined)).toContain('the user declined');

    // The tool call is cancelled while its child waits for the UI: the request goes with it.
    const cancelled = control<ToolCallOutcome>(h, 'callTool', 'peer__ask_user', {}, 'call-2');
    const form = await ev.next<PeerRequestEvent>('peerRequest');
    await control(h, 'cancel', 'call-2');
    expect(await ev.next<PeerRequestDoneEvent>('peerRequestDone', (d) => d.id === form.id)).toEqual({ id: form.id, outcome: 'cancelled' });
    expect((await cancelled).ok).toBe(false);
    expect(await control(h, 'answerPeerRequest', form.id, { result: { action: 'cancel' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  }, 60_000);

  it('answers sampling with the router when the UI says so: the messages go to the vendor, its answer to the child', async () => {
    const openai = await startOpenAiFake({
      apiKey: 'sk-ui-peer-test-0001',
      reply: (m) => `vendor saw: ${m.map((x) => x.content).join(' | ')}`,
    });
    fakes.push(openai);
    const builtin = {
      command: process.execPath,
      args: [path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'), 'server', 'openai'],
      required_env: ['OPENAI_API_KEY'],
      env: { OPENAI_BASE_URL: openai.baseUrl, HTTP_MAX_ATTEMPTS: '1' },
    };
    const h = await start({}, { openai: builtin }, { OPENAI_API_KEY: 'sk-ui-peer-test-0001' });
    await waitFor(
      async () => (await control<Array<{ name: string }>>(h, 'listTools')).value?.some((t) => t.name === 'chat'),
      'router chat',
      30_000,
    );
    const ev = await events(h);
    const call = control<ToolCallOutcome>(h, 'callTool', 'peer__ask_llm', { prompt: 'route me' });
    const asked = await ev.next<PeerRequestEvent>('peerRequest');
    const routed = await control<Record<string, unknown>>(h, 'answerPeerRequest', asked.id, { router: true });
    expect(routed.value).toMatchObject({ role: 'assistant', content: { type: 'text', text: 'vendor saw: route me' } });
    expect(text(await call)).toBe('vendor saw: route me');
  }, 60_000);
});
