// The OpenAI server as a real child process against a loopback OpenAI fake.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeEmbedding,
  firstText,
  spawnBuiltinServer,
  startOpenAiFake,
  waitFor,
  type OpenAiFake,
  type SpawnedServer,
} from '../fixtures/vendors/index.js';

const KEY = 'sk-test-Abc123def456ghi789jkl';
let fake: OpenAiFake;
let srv: SpawnedServer;
const extra: SpawnedServer[] = [];

beforeAll(async () => {
  fake = await startOpenAiFake({ apiKey: KEY, models: ['gpt-4o-mini', 'text-embedding-3-small', 'gpt-4.1'] });
  srv = await spawnBuiltinServer('openai.ts', {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: fake.baseUrl,
    HTTP_MAX_RETRY_DELAY_MS: '3000',
  });
});

afterEach(() => fake.setMode('ok'));

afterAll(async () => {
  await Promise.all([srv?.close(), ...extra.map((s) => s.close())]);
  await fake?.close();
});

const call = (name: string, args: Record<string, unknown>) => srv.client.callTool({ name, arguments: args });

describe('openai server', () => {
  it('lists its tools with schemas', async () => {
    const { tools } = await srv.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['list_models', 'openai_chat', 'openai_embed']);
    const chat = tools.find((t) => t.name === 'openai_chat');
    expect(chat?.outputSchema?.properties).toHaveProperty('message');
  });

  it('speaks the 2025 era: a client that offers 2026-07-28 first falls back to 2025-11-25', async () => {
    // A v2 McpServer over stdio serves only 2025 (server/discover is "Method not found"), so the gateway keeps
    // talking to the built-ins as 2025 children.
    const auto = await spawnBuiltinServer(
      'openai.ts',
      { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseUrl },
      { versionNegotiation: { mode: 'auto' } },
    );
    extra.push(auto);
    expect(auto.client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    const res = await auto.client.callTool({ name: 'openai_chat', arguments: { message: 'era' } });
    expect(res.structuredContent).toMatchObject({ message: 'echo: era' });
  });

  it('chats and sends the key as a bearer token', async () => {
    const res = await call('openai_chat', { message: 'hello there', temperature: 0.2 });
    expect(res.isError).toBeFalsy();
    const out = res.structuredContent as { message: string; model: string; usage: { total_tokens: number } };
    expect(out.message).toBe('echo: hello there');
    expect(out.model).toBe('gpt-4o-mini');
    expect(out.usage.total_tokens).toBeGreaterThan(0);
    expect(JSON.parse(firstText(res))).toEqual(out);
    const req = fake.requests.at(-1)!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, messages: [{ role: 'user', content: 'hello there' }] });
  });

  it('streams deltas as progress notifications', async () => {
    // The SDK's built-in onprogress lookup runs a microtask late and misses notifications that
    // share a stdout chunk with the response, so collect them with our own handler (as the gateway does).
    const seen: Array<{ token: unknown; progress: number; message?: string }> = [];
    srv.client.setNotificationHandler('notifications/progress', (n) => {
      seen.push({ token: n.params.progressToken, progress: n.params.progress, message: n.params.message });
    });
    const res = await srv.client.callTool({
      name: 'openai_chat',
      arguments: {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'one two three four' },
        ],
      },
      _meta: { progressToken: 'stream-1' },
    });
    const out = res.structuredContent as { message: string; usage: unknown };
    expect(out.message).toBe('echo: one two three four');
    const mine = seen.filter((n) => n.token === 'stream-1');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.map((n) => n.message).join('')).toBe(out.message);
    expect(mine.map((n) => n.progress)).toEqual(mine.map((_, i) => i + 1));
    expect(out.usage).toMatchObject({ completion_tokens: 5 });
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('does not stream without a progress token unless asked', async () => {
    await call('openai_chat', { message: 'plain' });
    expect(fake.requests.at(-1)!.body).not.toHaveProperty('stream');
    const res = await call('openai_chat', { message: 'forced', stream: true });
    expect((res.structuredContent as { message: string }).message).toBe('echo: forced');
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true });
  });

  it('embeds one or many inputs', async () => {
    const res = await call('openai_embed', { input: ['alpha', 'beta'] });
    const out = res.structuredContent as { embeddings: number[][]; model: string };
    expect(out.model).toBe('text-embedding-3-small');
    expect(out.embeddings).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    const single = await call('openai_embed', { input: 'alpha' });
    expect((single.structuredContent as { embeddings: number[][] }).embeddings).toEqual([fakeEmbedding('alpha')]);
  });

  it('lists models', async () => {
    const res = await call('list_models', {});
    expect(res.structuredContent).toEqual({ vendor: 'OpenAI', models: ['gpt-4o-mini', 'text-embedding-3-small', 'gpt-4.1'] });
  });

  it('maps an unknown model to "model not found"', async () => {
    const res = await call('openai_chat', { message: 'x', model: 'gpt-nope' });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toBe('model not found: gpt-nope');
  });

  it('maps 401 to invalid API key without echoing the key', async () => {
    fake.setMode('401');
    const res = await call('openai_chat', { message: 'x' });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toContain('invalid API key for OpenAI');
    expect(JSON.stringify(res)).not.toContain(KEY);
  });

  it('a wrong key is reported and neither key leaks', async () => {
    const wrong = 'sk-wrong-Zyx987wvu654tsr321';
    const other = await spawnBuiltinServer('openai.ts', { OPENAI_API_KEY: wrong, OPENAI_BASE_URL: fake.baseUrl });
    extra.push(other);
    const res = await other.client.callTool({ name: 'openai_chat', arguments: { message: 'x' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toMatch(/^invalid API key for OpenAI/);
    expect(JSON.stringify(res)).not.toContain(wrong);
    expect(JSON.stringify(res)).not.toContain(KEY);
  });

  it('retries 429 after Retry-After and then succeeds', async () => {
    const before = fake.requests.length;
    fake.setMode('429', 1);
    const res = await call('openai_chat', { message: 'again' });
    expect(res.isError).toBeFalsy();
    expect((res.structuredContent as { message: string }).message).toBe('echo: again');
    const [first, second] = fake.requests.slice(before);
    expect(fake.requests.length - before).toBe(2);
    // The fake sends Retry-After: 1 (second).
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on persistent 429 with a clear message', async () => {
    const before = fake.requests.length;
    fake.setMode('429');
    const res = await call('openai_chat', { message: 'x' });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toMatch(/^rate limited by OpenAI/);
    expect(fake.requests.length - before).toBe(3);
  });

  it('maps 500 after bounded retries', async () => {
    const before = fake.requests.length;
    fake.setMode('500');
    const res = await call('openai_chat', { message: 'x' });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toMatch(/^OpenAI server error \(HTTP 500\)/);
    expect(fake.requests.length - before).toBe(3);
  });

  it('cancellation by the client aborts the vendor request', async () => {
    fake.setMode('hang');
    const before = fake.requests.length;
    const abortedBefore = fake.aborted;
    const ac = new AbortController();
    const pending = srv.client.callTool({ name: 'openai_chat', arguments: { message: 'slow' } }, { signal: ac.signal });
    await waitFor(() => fake.requests.length > before, 5000, 'the request to reach the fake');
    ac.abort('user cancelled');
    await expect(pending).rejects.toThrow();
    await waitFor(() => fake.aborted > abortedBefore, 5000, 'the fake to see the abort');
    expect(fake.aborted).toBe(abortedBefore + 1);
  });

  it('reports a missing key as a tool error', async () => {
    const bare = await spawnBuiltinServer('openai.ts', { OPENAI_BASE_URL: fake.baseUrl });
    extra.push(bare);
    const res = await bare.client.callTool({ name: 'openai_chat', arguments: { message: 'x' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toContain('OPENAI_API_KEY is not set');
  });
});
