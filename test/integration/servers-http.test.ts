// The servers' shared HTTP layer, in-process against the loopback OpenAI fake: Retry-After
// forms, SSE framing, timeouts, cancellation, and key scrubbing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, VendorError, parseRetryAfter } from '../../electron/servers/lib/http.js';
import { OpenAiCompatibleBackend } from '../../electron/servers/lib/openai-compatible.js';
import { scrub } from '../../electron/servers/lib/scrub.js';
import { toolError } from '../../electron/servers/lib/tool-result.js';
import { readSseData } from '../../electron/servers/lib/sse.js';
import { startOpenAiFake, waitFor, type OpenAiFake } from '../fixtures/vendors/index.js';

const KEY = 'sk-http-0123456789abcdefghij';
let fake: OpenAiFake;
let dated: OpenAiFake;

beforeAll(async () => {
  fake = await startOpenAiFake({ apiKey: KEY });
  // Retry-After as an HTTP date a minute ahead: longer than any wait the client allows itself.
  dated = await startOpenAiFake({ apiKey: KEY, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
});
afterAll(async () => {
  await Promise.all([fake?.close(), dated?.close()]);
});

const client = (f: OpenAiFake, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ vendor: 'OpenAI', baseUrl: f.baseUrl, headers: { authorization: `Bearer ${KEY}` }, secrets: [KEY], ...extra });

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('readSseData', () => {
  it('handles CRLF, multi-line data, comments and arbitrary chunk boundaries', async () => {
    const text = ': keep-alive\r\ndata: {"a":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3));
        c.close();
      },
    });
    const out: string[] = [];
    for await (const d of readSseData(stream)) out.push(d);
    expect(out).toEqual(['{"a":1}', 'line1\nline2', '[DONE]']);
  });
});

describe('HttpClient', () => {
  it('gives up at once on a Retry-After date beyond maxRetryDelayMs and reports how long to wait', async () => {
    dated.setMode('429', 1);
    const before = dated.requests.length;
    const err = await new OpenAiCompatibleBackend(client(dated, { maxRetryDelayMs: 300 })).listModels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429 });
    // About a minute (the date has whole seconds and the test took some time).
    expect((err as VendorError).retryAfterMs).toBeGreaterThan(50_000);
    expect((err as VendorError).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(dated.requests.length - before).toBe(1);
  });

  it('reports a 503 Retry-After in seconds to the router through the tool result', async () => {
    const busy = await startOpenAiFake({ apiKey: KEY, retryAfter: '30' });
    try {
      busy.setMode('503', 1);
      const err = await new OpenAiCompatibleBackend(client(busy, { maxRetryDelayMs: 300 })).listModels().catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 30_000 });
      expect(busy.requests).toHaveLength(1);
      expect(toolError(err, [KEY])).toMatchObject({ isError: true, _meta: { errorKind: 'server', retryAfterMs: 30_000 } });
      // A plain 500 says nothing about when to come back.
      expect(toolError(new VendorError('server', 'boom', 500))._meta).toEqual({ errorKind: 'server' });
    } finally {
      await busy.close();
    }
  });

  it('waits a Retry-After within maxRetryDelayMs and then succeeds', async () => {
    fake.setMode('429', 1);
    const before = fake.requests.length;
    const models = await new OpenAiCompatibleBackend(client(fake, { maxRetryDelayMs: 2000 })).listModels();
    expect(models).toContain('gpt-4o-mini');
    expect(fake.requests.length - before).toBe(2);
  });

  it('times out a hanging vendor with a clear message and does not retry it', async () => {
    fake.setMode('hang');
    const before = fake.requests.length;
    const err = await client(fake, { timeoutMs: 200 })
      .json({ path: '/models' })
      .catch((e: unknown) => e);
    fake.setMode('ok');
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ kind: 'timeout', message: 'OpenAI did not respond within 200 ms' });
    expect(fake.requests.length - before).toBe(1);
    await waitFor(() => fake.aborted >= 1, 5000, 'the fake to see the timed-out request go away');
  });

  it('cancels a stream midway when the caller aborts', async () => {
    // A server that sends one chunk and then stalls, like a slow model.
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"delta":{"content":"partial"}}]}\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const ac = new AbortController();
    const seen: string[] = [];
    const backend = new OpenAiCompatibleBackend(new HttpClient({ vendor: 'OpenAI', baseUrl: base }), { chatModel: 'm' });
    const p = backend.chat({ message: 'hi', stream: true }, { signal: ac.signal, onDelta: (d) => void (seen.push(d), ac.abort()) });
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
    expect(seen).toEqual(['partial']);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('never puts the key into a message, even when upstream echoes it', async () => {
    fake.setMode('500');
    const err = (await client(fake, { maxAttempts: 1 })
      .json({ path: '/models' })
      .catch((e: unknown) => e)) as Error;
    fake.setMode('ok');
    expect(err.message).toMatch(/^OpenAI server error \(HTTP 500\)/);
    expect(scrub(`Incorrect API key provided: ${KEY}`, [KEY])).toBe('Incorrect API key provided: [redacted]');
    expect(scrub('key sk-abcdefghijkl and Bearer abcdefgh')).toBe('key sk-…[redacted] and Bearer [redacted]');
  });
});
