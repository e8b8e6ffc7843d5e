// Agent chat end to end: a real `serve`, the built-in openai server (a real child) against the
// loopback OpenAI fake scripted to call tools by turn, and real tool servers (the built-in weather
// server, the reference memory server, a fixture whose `slow` tool counts cancellations). A question
// that needs two tool calls on two servers is answered with one approval; Stop during a tool call
// cancels it in the child.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentChatResponse, AgentStep } from '../../shared/agent.js';
import { DEFAULT_PLACES, startOpenAiFake, startOpenMeteoFake, type OpenAiFake, type OpenMeteoFake } from '../fixtures/vendors/index.js';
import { BIN, control, MEMORY_SERVER, ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const KEY = 'sk-agent-chat-test-000111222';
type Msg = { role: string; content: string };

/** The scripted model: weather first, then remember it, then answer; "slow" questions call the slow tool. */
function script(messages: Msg[], body: Record<string, unknown>) {
  if (!body.tools) return null;
  const tools = messages.filter((m) => m.role === 'tool');
  const question = messages.find((m) => m.role === 'user')?.content ?? '';
  if (question.includes('slow')) return tools.length ? null : [{ id: 'call_slow', name: 'diff__slow', arguments: { ms: 30_000 } }];
  if (tools.length === 0) return [{ id: 'call_w', name: 'weather__get_weather', arguments: { location: 'Berlin' } }];
  if (tools.length === 1) {
    const observation = `weather: ${tools[0].content.slice(0, 80)}`;
    return [
      {
        id: 'call_m',
        name: 'memory__create_entities',
        arguments: { entities: [{ name: 'Berlin', entityType: 'city', observations: [observation] }] },
      },
    ];
  }
  return null;
}
const reply = (messages: Msg[]) => `Final: ${messages.filter((m) => m.role === 'tool').length} tool answers used.`;

let h: ServeHandle;
let openai: OpenAiFake;
let meteo: OpenMeteoFake;
const steps: Array<{ requestId: string; step: AgentStep }> = [];
const events = new AbortController();

/** Collects agentStep events from the SSE stream, as the UI receives them. */
async function followSteps(): Promise<void> {
  const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: events.signal });
  const reader = res.body!.getReader();
  let buf = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += new TextDecoder().decode(value);
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (!frame.startsWith('event: agentStep\n')) continue;
        steps.push(JSON.parse(frame.split('\n')[1].slice('data: '.length)) as (typeof steps)[number]);
      }
    }
  })();
}

const builtin = (name: string, env: Record<string, string>) => ({ command: process.execPath, args: [BIN, 'server', name], env });
const lastStep = (requestId: string, id: string) => steps.filter((s) => s.requestId === requestId && s.step.id === id).at(-1)?.step;

beforeAll(async () => {
  openai = await startOpenAiFake({ apiKey: KEY, toolCalls: script, reply });
  meteo = await startOpenMeteoFake(DEFAULT_PLACES);
  const dir = await tempDir();
  const config = {
    servers: {
      openai: builtin('openai', { OPENAI_BASE_URL: openai.baseUrl, HTTP_MAX_ATTEMPTS: '1' }),
      weather: builtin('weather', { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl }),
      memory: { command: process.execPath, args: [MEMORY_SERVER], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } },
      diff: { command: process.execPath, args: ['--import', 'tsx', path.join(ROOT, 'test/fixtures/servers/diff-target.ts')], cwd: ROOT },
    },
    profiles: { agent: { servers: ['weather', 'memory'] } },
  };
  h = await startServe(config, { dir, ui: false, env: { OPENAI_API_KEY: KEY } });
  await followSteps();
}, 60_000);

afterAll(async () => {
  events.abort();
  await h?.stop();
  await Promise.all([openai?.close(), meteo?.close()]);
});

describe('agent chat through serve', () => {
  it('answers a question that needs two tool calls on two servers, with one approval', async () => {
    const pending = control<AgentChatResponse>(h, 'agentChat', 'agent-1', { message: 'Weather in Berlin? Remember it.', profile: 'agent' });
    // The weather tool is read-only and runs at once; memory's create_entities waits for Allow.
    await waitFor(() => lastStep('agent-1', 'call_m')?.status === 'awaiting-approval', 'approval asked', 30_000);
    expect(lastStep('agent-1', 'call_w')).toMatchObject({ status: 'ok', server: 'weather', needsApproval: false });
    expect(await control(h, 'approveToolCall', 'agent-1', 'call_m', true)).toEqual({ ok: true, value: null });
    const res = await pending;
    expect(res.ok).toBe(true);
    const value = res.value!;
    expect(value.message).toBe('Final: 2 tool answers used.');
    expect(value.vendor).toBe('openai');
    expect(value.steps.map((s) => [s.tool, s.server, s.status])).toEqual([
      ['weather__get_weather', 'weather', 'ok'],
      ['memory__create_entities', 'memory', 'ok'],
    ]);
    expect(value.steps[0].result).toMatch(/Berlin/);
    // The memory server really stored what the model passed on from the weather tool.
    const graph = await control<{ content: Array<{ text: string }> }>(h, 'callTool', 'memory__read_graph', {});
    const stored = JSON.parse(graph.value!.content[0].text) as { entities: Array<{ name: string; observations: string[] }> };
    expect(stored.entities).toHaveLength(1);
    expect(stored.entities[0].observations[0]).toMatch(/^weather: .*Berlin/);
    // The calls went through the gateway's call path: audited, with the chat as the caller.
    const audited = await waitFor(async () => {
      const lines = (await readFile(path.join(h.dir, 'audit.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const mine = lines.map((l) => JSON.parse(l) as { client: string; profile: string | null; tool: string; outcome: string });
      return mine.filter((e) => e.client === 'chat').length >= 2 ? mine.filter((e) => e.client === 'chat') : null;
    }, 'audit lines');
    expect(audited!.map((e) => [e.tool, e.profile, e.outcome])).toEqual([
      ['get_weather', 'agent', 'ok'],
      ['create_entities', 'agent', 'ok'],
    ]);
    // The vendor was given the profile's tools as functions, and the tool turns in the wire format.
    const chats = openai.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const body = chats.at(-1)!.body as {
      tools: Array<{ function: { name: string } }>;
      messages: Array<{ role: string; tool_call_id?: string }>;
    };
    expect(body.tools.map((t) => t.function.name).sort()).toContain('weather__get_weather');
    expect(body.tools.map((t) => t.function.name)).not.toContain('diff__slow');
    expect(body.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(['call_w', 'call_m']);
  }, 60_000);

  it('a denied call is not made and the model is told', async () => {
    const pending = control<AgentChatResponse>(h, 'agentChat', 'agent-2', { message: 'Weather in Berlin? Remember it.', profile: 'agent' });
    await waitFor(() => lastStep('agent-2', 'call_m')?.status === 'awaiting-approval', 'approval asked', 30_000);
    await control(h, 'approveToolCall', 'agent-2', 'call_m', false);
    const value = (await pending).value!;
    expect(value.steps[1]).toMatchObject({ status: 'denied', result: 'The user declined this tool call.' });
    const graph = await control<{ content: Array<{ text: string }> }>(h, 'callTool', 'memory__read_graph', {});
    // Still only the entity the first test's allowed call created.
    expect((JSON.parse(graph.value!.content[0].text) as { entities: unknown[] }).entities).toHaveLength(1);
  }, 60_000);

  it('Stop during a tool call cancels it in the child', async () => {
    const count = async () =>
      Number((await control<{ content: Array<{ text: string }> }>(h, 'callTool', 'diff__cancelled_count', {})).value!.content[0].text);
    const before = await count();
    // diff__slow declares no readOnlyHint, so it asks first.
    const pending = control<AgentChatResponse>(h, 'agentChat', 'agent-3', { message: 'something slow', toolNames: ['diff__slow'] });
    await waitFor(() => lastStep('agent-3', 'call_slow')?.status === 'awaiting-approval', 'approval asked', 30_000);
    await control(h, 'approveToolCall', 'agent-3', 'call_slow', true);
    await waitFor(() => lastStep('agent-3', 'call_slow')?.status === 'running', 'slow call running', 10_000);
    expect(await control(h, 'cancel', 'agent-3')).toEqual({ ok: true, value: null });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'cancelled by the user' } });
    await waitFor(() => lastStep('agent-3', 'call_slow')?.status === 'cancelled', 'step cancelled', 10_000);
    // The child saw notifications/cancelled and stopped waiting.
    await waitFor(async () => (await count()) === before + 1, 'the child counted the cancellation', 10_000);
  }, 60_000);

  it('refuses a tool name that does not exist', async () => {
    expect(await control(h, 'agentChat', 'agent-4', { message: 'x', toolNames: ['nope__nothing'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'no such tool: nope__nothing' },
    });
  });
});
