// The agent loop against a scripted model: tool calls by turn, approval, Deny, Stop, bounds.
import { describe, expect, it } from 'vitest';
import type { AgentStep } from '../../../../shared/agent.js';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import type { ChatMessage, ChatRequest, ChatResponse, ChatToolCall, ToolInfo } from '../../../../shared/types.js';
import { DECLINED, runAgent, type AgentLoopDeps } from '../../../../electron/core/agent/agent-loop.js';
import { needsApproval } from '../../../../electron/core/agent/approval-rule.js';
import { ApprovalBoard } from '../../../../electron/core/agent/approvals.js';
import { FakeClock } from '../../../helpers/fake-upstreams.js';
import { waitFor } from '../../../helpers/wait.js';

const tool = (name: string, extra: Partial<ToolInfo> = {}): ToolInfo => ({
  name,
  serverId: name.split('__')[0],
  originalName: name.split('__')[1] ?? name,
  description: `${name} tool`,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  enabled: true,
  ...extra,
});
const WEATHER = tool('weather__get_weather', { readOnly: true });
const MEMORY = tool('memory__create_entities');

const call = (id: string, name: string, args: unknown): ChatToolCall => ({
  id,
  type: 'function',
  function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
});
const reply = (message: string, tool_calls?: ChatToolCall[]): ChatResponse => ({
  message,
  vendor: 'openai',
  model: 'gpt-4o-mini',
  usage: null,
  latency_ms: 1,
  failover: [],
  ...(tool_calls ? { tool_calls } : {}),
});

/** A model that answers from a script, one entry per turn, and records what it was sent. */
function scripted(turns: Array<(messages: ChatMessage[]) => ChatResponse>) {
  const seen: ChatRequest[] = [];
  const chat: AgentLoopDeps['chat'] = async (req) => {
    seen.push(structuredClone(req));
    const next = turns[seen.length - 1];
    if (!next) throw new Error('the script ran out');
    return next(req.messages ?? []);
  };
  return { chat, seen };
}

function world(turns: Array<(messages: ChatMessage[]) => ChatResponse>, opts: { tools?: ToolInfo[]; maxRounds?: number } = {}) {
  const model = scripted(turns);
  const clock = new FakeClock();
  const board = new ApprovalBoard();
  const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  const events: AgentStep[] = [];
  const controller = new AbortController();
  let onCall: (name: string, signal: AbortSignal) => Promise<void> = async () => undefined;
  const deps: AgentLoopDeps = {
    chat: model.chat,
    callTool: async (name, args, { signal }) => {
      calls.push({ name, args });
      clock.advance(40);
      await onCall(name, signal);
      return { content: [{ type: 'text', text: `${name} says ok` }] };
    },
    approve: (step, signal) => board.wait('r1', step.id, signal),
    onStep: (s) => events.push(s),
    needsApproval,
    clock,
  };
  const run = () =>
    runAgent(deps, {
      request: { messages: [{ role: 'user', content: 'weather in Paris, then remember it' }], vendor: 'auto' },
      tools: opts.tools ?? [WEATHER, MEMORY],
      maxRounds: opts.maxRounds ?? 8,
      signal: controller.signal,
    });
  return { model, board, calls, events, controller, run, setOnCall: (f: typeof onCall) => (onCall = f) };
}

const TWO_SERVERS = [
  () => reply('', [call('c1', 'weather__get_weather', { q: 'Paris' })]),
  () => reply('', [call('c2', 'memory__create_entities', { q: 'Paris is 17 °C' })]),
  (m: ChatMessage[]) =>
    reply(
      `Done: ${m
        .filter((x) => x.role === 'tool')
        .map((x) => x.content)
        .join(' / ')}`,
    ),
];

describe('agent loop', () => {
  it('runs two tool calls from two servers, asks before the risky one, and returns the final answer', async () => {
    const w = world(TWO_SERVERS);
    const answer = w.run();
    await waitFor(() => w.board.size === 1);
    // The read-only call ran without asking; the other waits.
    expect(w.calls.map((c) => c.name)).toEqual(['weather__get_weather']);
    expect(w.events.at(-1)).toMatchObject({ id: 'c2', status: 'awaiting-approval', needsApproval: true, server: 'memory' });
    expect(w.board.decide('r1', 'c2', true)).toBe(true);
    const res = await answer;
    expect(res.message).toBe('Done: weather__get_weather says ok / memory__create_entities says ok');
    expect(res.rounds).toBe(3);
    expect(res.steps.map((s) => [s.tool, s.status, s.ms])).toEqual([
      ['weather__get_weather', 'ok', 40],
      ['memory__create_entities', 'ok', 40],
    ]);
    expect(w.calls[1].args).toEqual({ q: 'Paris is 17 °C' });
    // The model got the tools as functions, and each result as a tool turn answering its call.
    expect(w.model.seen[0].tools?.map((t) => t.function.name)).toEqual(['weather__get_weather', 'memory__create_entities']);
    expect(w.model.seen[2].messages?.slice(1).map((m) => [m.role, m.tool_call_id ?? null])).toEqual([
      ['assistant', null],
      ['tool', 'c1'],
      ['assistant', null],
      ['tool', 'c2'],
    ]);
    expect(res.transcript.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(res.tool_calls).toBeUndefined();
  });

  it('tells the model the user declined, and never calls the tool', async () => {
    const w = world(TWO_SERVERS);
    const answer = w.run();
    await waitFor(() => w.board.size === 1);
    w.board.decide('r1', 'c2', false);
    const res = await answer;
    expect(w.calls.map((c) => c.name)).toEqual(['weather__get_weather']);
    expect(res.steps[1]).toMatchObject({ status: 'denied', result: DECLINED });
    expect(w.model.seen[2].messages?.at(-1)).toEqual({ role: 'tool', tool_call_id: 'c2', content: DECLINED });
  });

  it('refuses a tool it was not given and a call whose arguments are not JSON, telling the model why', async () => {
    const w = world([
      () => reply('', [call('x1', 'shell__exec', { cmd: 'rm -rf /' }), call('x2', 'weather__get_weather', '{not json')]),
      () => reply('sorry'),
    ]);
    const res = await w.run();
    expect(w.calls).toEqual([]);
    expect(res.steps.map((s) => s.status)).toEqual(['error', 'error']);
    const told = w.model.seen[1].messages?.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(told?.[0]).toMatch(/no tool named "shell__exec"/);
    expect(told?.[1]).toMatch(/not a valid JSON object/);
  });

  it('stops at maxRounds with a clear message', async () => {
    const again = () => reply('', [call(`c${Math.random()}`, 'weather__get_weather', { q: 'x' })]);
    const w = world([again, again, again, again], { maxRounds: 2 });
    const res = await w.run();
    expect(w.calls).toHaveLength(2);
    expect(res.stoppedAtRounds).toBe(true);
    expect(res.rounds).toBe(2);
    expect(res.message).toMatch(/^Stopped after 2 rounds of tool calls without a final answer/);
    expect(res.transcript.at(-1)).toEqual({ role: 'assistant', content: res.message });
  });

  it('Stop during a tool call aborts the call and ends the run as cancelled', async () => {
    const w = world(TWO_SERVERS, { tools: [WEATHER] });
    let sawAbort = false;
    w.setOnCall(
      (_name, signal) =>
        new Promise<void>((_resolve, reject) => {
          signal.addEventListener('abort', () => ((sawAbort = true), reject(new Error('aborted'))));
        }),
    );
    const answer = w.run();
    await waitFor(() => w.calls.length === 1);
    w.controller.abort(new AppError(ErrorCode.CANCELLED, 'cancelled by the user'));
    await expect(answer).rejects.toMatchObject({ code: ErrorCode.CANCELLED, message: 'cancelled by the user' });
    expect(sawAbort).toBe(true);
    expect(w.events.at(-1)).toMatchObject({ id: 'c1', status: 'cancelled' });
  });

  it('Stop while a call waits for approval ends the wait', async () => {
    const w = world(TWO_SERVERS);
    const answer = w.run();
    await waitFor(() => w.board.size === 1);
    w.controller.abort(new AppError(ErrorCode.CANCELLED, 'cancelled by the user'));
    await expect(answer).rejects.toMatchObject({ code: ErrorCode.CANCELLED });
    expect(w.board.size).toBe(0);
    expect(w.calls.map((c) => c.name)).toEqual(['weather__get_weather']);
    expect(w.events.at(-1)).toMatchObject({ id: 'c2', status: 'cancelled' });
  });

  it('maps names a model would refuse to legal function names and back', async () => {
    const odd = tool('my.server__do/thing', { readOnly: true, serverId: 'my.server' });
    const script = [() => reply('', [call('c1', 'my_server__do_thing', {})]), () => reply('fine')];
    const w = world(script, { tools: [odd] });
    const res = await w.run();
    expect(w.model.seen[0].tools?.[0].function.name).toBe('my_server__do_thing');
    expect(w.calls).toEqual([{ name: 'my.server__do/thing', args: {} }]);
    expect(res.steps[0].tool).toBe('my.server__do/thing');
  });
});

describe('approval rule', () => {
  it('asks for destructive tools and for tools not declared read-only', () => {
    expect(needsApproval({ readOnly: true })).toBe(false);
    expect(needsApproval({})).toBe(true);
    expect(needsApproval({ destructive: true })).toBe(true);
    expect(needsApproval({ readOnly: true, destructive: true })).toBe(true);
  });
});
