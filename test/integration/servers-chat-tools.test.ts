// Function tools through the built-in vendor servers as real children against the loopback
// OpenAI fake: tools go out in the OpenAI wire format and the model's calls come back, streamed
// or not; local_llama's in-process model says it cannot take tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOOLS_IN_PROCESS } from '../../electron/servers/lib/llama-inproc.js';
import { firstText, spawnBuiltinServer, startOpenAiFake, type OpenAiFake, type SpawnedServer } from '../fixtures/vendors/index.js';

const KEY = 'sk-test-tools-0123456789abcdef';
const GROQ_KEY = 'gsk-test-tools-0123456789abcdef';
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'weather__get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
    },
  },
];
let openaiFake: OpenAiFake;
let groqFake: OpenAiFake;
const children: SpawnedServer[] = [];

// The fake model calls the weather tool until it has a tool answer, then replies with it.
const script = (messages: Array<{ role: string; content: string }>, body: Record<string, unknown>) =>
  body.tools && !messages.some((m) => m.role === 'tool')
    ? [{ id: 'call_1', name: 'weather__get_weather', arguments: { location: 'Paris' } }]
    : null;
const reply = (messages: Array<{ role: string; content: string }>) => `answer from ${messages.at(-1)?.content ?? ''}`;

beforeAll(async () => {
  openaiFake = await startOpenAiFake({ apiKey: KEY, toolCalls: script, reply });
  groqFake = await startOpenAiFake({
    apiKey: GROQ_KEY,
    models: ['llama-3.1-8b-instant'],
    pathPrefix: '/openai/v1',
    toolCalls: script,
    reply,
  });
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.close()));
  await Promise.all([openaiFake?.close(), groqFake?.close()]);
});

async function spawn(file: string, env: Record<string, string>): Promise<SpawnedServer> {
  const s = await spawnBuiltinServer(file, env);
  children.push(s);
  return s;
}

const CALL = { id: 'call_1', type: 'function', function: { name: 'weather__get_weather', arguments: '{"location":"Paris"}' } };

describe('vendor servers with function tools', () => {
  it('openai sends the tools and returns the tool calls (not streamed), then takes the tool turn', async () => {
    const srv = await spawn('openai.ts', { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openaiFake.baseUrl });
    const first = await srv.client.callTool({ name: 'openai_chat', arguments: { message: 'weather in Paris?', tools: TOOLS } });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ message: '', finish_reason: 'tool_calls', tool_calls: [CALL] });
    expect(openaiFake.requests.at(-1)?.body).toMatchObject({ tools: TOOLS });

    const messages = [
      { role: 'user', content: 'weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [CALL] },
      { role: 'tool', tool_call_id: 'call_1', content: '17 °C, cloudy' },
    ];
    const second = await srv.client.callTool({ name: 'openai_chat', arguments: { messages, tools: TOOLS } });
    expect(second.structuredContent).toMatchObject({ message: 'answer from 17 °C, cloudy' });
    expect(second.structuredContent).not.toHaveProperty('tool_calls');
    // The tool turn reached the vendor in the wire format (tool_call_id, the assistant's tool_calls).
    expect(openaiFake.requests.at(-1)?.body).toMatchObject({ messages });
  });

  it('groq joins streamed tool-call fragments into whole calls', async () => {
    const srv = await spawn('groq.ts', { GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groqFake.baseUrl });
    srv.client.setNotificationHandler('notifications/progress', () => undefined);
    const res = await srv.client.callTool({
      name: 'groq_chat',
      arguments: { message: 'weather in Paris?', tools: TOOLS },
      _meta: { progressToken: 'tools-stream' },
    });
    expect(groqFake.requests.at(-1)?.body).toMatchObject({ stream: true, tools: TOOLS });
    expect(res.structuredContent).toMatchObject({ message: '', finish_reason: 'tool_calls', tool_calls: [CALL] });
  });

  it('local_llama with an in-process model refuses tools with the reason', async () => {
    const srv = await spawn('local-llama.ts', { MODEL_PATH: '/nonexistent/model.gguf' });
    const res = await srv.client.callTool({ name: 'local_chat', arguments: { message: 'hi', tools: TOOLS } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toBe(NO_TOOLS_IN_PROCESS);
  });
});
