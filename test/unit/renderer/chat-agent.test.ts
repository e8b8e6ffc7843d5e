// The chat slice in agent mode and with per-chat settings: steps pushed as events, approval,
// history with tool turns, regenerate and edit-and-resend, settings kept per conversation, export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentChatResponse, AgentStep } from '../../../shared/agent.js';
import type { ChatMessage } from '../../../shared/types.js';
import type { AppStore } from '../../../renderer/src/store.js';
import { conversationJson, conversationMarkdown, exportName } from '../../../renderer/src/features/chat/chat-export.js';
import { loadChats, saveChats } from '../../../renderer/src/slices/chat-persist.js';
import { connectedStore, type MemoryCore } from './memory-client.js';

let core: MemoryCore;
let store: AppStore;
let disconnect: () => void;

beforeEach(async () => {
  ({ core, store, disconnect } = await connectedStore());
});
afterEach(() => disconnect());

const step = (patch: Partial<AgentStep>): AgentStep => ({
  id: 'c1',
  round: 1,
  tool: 'memory__create_entities',
  server: 'memory',
  arguments: { entities: [] },
  status: 'awaiting-approval',
  needsApproval: true,
  ...patch,
});
const transcript: ChatMessage[] = [
  {
    role: 'assistant',
    content: '',
    tool_calls: [{ id: 'c1', type: 'function', function: { name: 'memory__create_entities', arguments: '{}' } }],
  },
  { role: 'tool', tool_call_id: 'c1', content: 'created' },
  { role: 'assistant', content: 'Saved.' },
];
const answer = (steps: AgentStep[]): AgentChatResponse => ({
  message: 'Saved.',
  vendor: 'openai',
  model: 'gpt-4o-mini',
  usage: null,
  latency_ms: 5,
  failover: [],
  steps,
  rounds: 2,
  transcript,
});

describe('agent chat in the store', () => {
  it('sends agentChat with the profile and settings, shows pushed steps, and answers approval', async () => {
    store.getState().setChatSettings({ profile: 'notes', systemPrompt: 'Be brief.', temperature: 0.3, maxTokens: 200 });
    const done = store.getState().sendChat('remember this');
    const [turn] = store.getState().chatTurns;
    const [id, request] = core.callsOf('agentChat')[0] as [string, Record<string, unknown>];
    expect(id).toBe(turn.requestId);
    expect(request).toMatchObject({
      profile: 'notes',
      temperature: 0.3,
      max_tokens: 200,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'remember this' },
      ],
    });
    core.emit('agentStep', { requestId: turn.requestId, step: step({}) });
    expect(store.getState().chatTurns[0].steps).toEqual([step({})]);
    await store.getState().approveToolCall(turn.requestId, 'c1', true);
    expect(core.callsOf('approveToolCall')).toEqual([[turn.requestId, 'c1', true]]);
    // The same step updated in place, not added twice.
    core.emit('agentStep', { requestId: turn.requestId, step: step({ status: 'ok', result: 'created', ms: 12 }) });
    expect(store.getState().chatTurns[0].steps).toHaveLength(1);
    core.chats.get(turn.requestId)!.resolve({ ok: true, value: answer([step({ status: 'ok', result: 'created', ms: 12 })]) });
    await done;
    expect(store.getState().chatTurns[0]).toMatchObject({ pending: false, text: 'Saved.', transcript });
    expect(store.getState().chatTurns[0].response).not.toHaveProperty('steps');

    // The next request carries the tool turns of the last one, so the model sees what it did.
    void store.getState().sendChat('and now?');
    const [, next] = core.callsOf('agentChat')[1] as [string, { messages: ChatMessage[] }];
    expect(next.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
  });

  it('plain chat without tools, and settings stay with their conversation', async () => {
    store.getState().setChatSettings({ systemPrompt: 'Pirate voice.' });
    void store.getState().sendChat('hi');
    expect(core.callsOf('agentChat')).toEqual([]);
    expect(core.callsOf('chat')).toHaveLength(1);
    core.chats.get(store.getState().chatTurns[0].requestId)!.resolve({ ok: false, error: { code: 'CANCELLED', message: 'x' } });
    const first = store.getState().conversationId;
    store.getState().newConversation();
    store.getState().setChatSettings({ systemPrompt: 'Formal.', model: 'gpt-x' });
    store.getState().switchConversation(first);
    expect(store.getState().chatSettings.systemPrompt).toBe('Pirate voice.');
    expect(store.getState().chatModel).toBe('');
  });

  it('regenerate and edit drop the turn (and later ones) and send again', async () => {
    const settle = (i: number, message: string) =>
      core.chats.get(store.getState().chatTurns[i].requestId)!.resolve({
        ok: true,
        value: { message, vendor: 'openai', model: 'm', usage: null, latency_ms: 1, failover: [] },
      });
    let p = store.getState().sendChat('one');
    settle(0, 'uno');
    await p;
    p = store.getState().sendChat('two');
    settle(1, 'dos');
    await p;
    const first = store.getState().chatTurns[0].requestId;
    p = store.getState().resendFrom(first, 'ONE');
    expect(store.getState().chatTurns.map((t) => t.prompt)).toEqual(['ONE']);
    const [, request] = core.callsOf('chat').at(-1) as [string, { messages: ChatMessage[] }];
    expect(request.messages).toEqual([{ role: 'user', content: 'ONE' }]);
    settle(0, 'UNO');
    await p;
    expect(store.getState().chatTurns.map((t) => t.text)).toEqual(['UNO']);
  });
});

describe('conversation export and persistence', () => {
  const conversation = () => ({
    id: 'c',
    title: 'Weather in Berlin?',
    updatedAt: 1,
    settings: { systemPrompt: 'Be brief.', temperature: null, maxTokens: null, vendor: 'auto', model: '', profile: 'agent', tools: [] },
    turns: [
      {
        requestId: 'r',
        prompt: 'Weather in Berlin?',
        vendorAsked: 'auto',
        text: 'Saved.',
        response: answer([]),
        error: null,
        pending: false,
        startedAt: 1,
        steps: [
          step({
            status: 'ok',
            tool: 'weather__get_weather',
            server: 'weather',
            arguments: { location: 'Berlin' },
            result: '17 °C ```x```',
            ms: 40,
          }),
        ],
        transcript,
      },
    ],
  });

  it('Markdown holds the prompt, each tool step with arguments and result, and the answer', () => {
    const md = conversationMarkdown(conversation());
    expect(md).toContain('# Weather in Berlin?');
    expect(md).toContain('**System prompt:**\n\nBe brief.');
    expect(md).toContain('### Tool call: `weather__get_weather` on weather — ok, 40 ms');
    expect(md).toContain('```json\n{\n  "location": "Berlin"\n}\n```');
    // A result with backticks is fenced with a longer fence, so it cannot break out.
    expect(md).toContain('````\n17 °C ```x```\n````');
    expect(md).toContain('## Assistant (openai · gpt-4o-mini)\n\nSaved.');
    expect(exportName(conversation(), 'md')).toBe('weather-in-berlin.md');
  });

  it('JSON round-trips the whole conversation', () => {
    const parsed = JSON.parse(conversationJson(conversation())) as Record<string, unknown>;
    expect(parsed).toEqual({ format: 'mcp-orchestrator.chat.v1', ...conversation() });
  });

  it('a reload keeps tool steps; one still waiting when the page went away is shown stopped', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    const c = conversation();
    c.turns[0] = { ...c.turns[0], pending: true, steps: [step({})] };
    saveChats({ conversations: [c], currentId: 'c' }, storage);
    const loaded = loadChats(storage)!;
    expect(loaded.conversations[0].turns[0].steps?.[0].status).toBe('cancelled');
    expect(loaded.conversations[0].settings?.profile).toBe('agent');
  });
});
