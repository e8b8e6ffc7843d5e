import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_EVENTS, CONTROL_METHODS, isControlMethod, parseControlArgs } from '../../../shared/contract.js';
import type { ControlEventName } from '../../../shared/contract.js';
import { createHttpClient } from '../../../renderer/src/api/http-transport.js';
import type { FetchLike } from '../../../renderer/src/api/http-transport.js';
import { SseParser } from '../../../renderer/src/api/sse-parser.js';
import type { ConnectionState } from '../../../renderer/src/api/build-client.js';
import { pollFor } from '../../helpers/wait.js';

/** Bounded wait on a condition, yielding to I/O between checks. */
const waitUntil = (cond: () => boolean, timeoutMs = 1_000) => pollFor(cond, 'condition', timeoutMs, 5);

interface Recorded {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch stub that records requests and answers each POST with a fixed Result. */
function stubFetch(answer: (url: string) => Response | Promise<Response>): { fetch: FetchLike; requests: Recorded[] } {
  const requests: Recorded[] = [];
  return {
    requests,
    fetch: async (url, init) => {
      requests.push({ url, init });
      return answer(url);
    },
  };
}

const json = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } });

describe('the contract validates arguments', () => {
  it('names the argument path of an ill-typed call', () => {
    expect(parseControlArgs('saveConfig', [null])).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'saveConfig: args[0]: Invalid input: expected string, received null' },
    });
    const chat = parseControlArgs('chat', ['r1', { messages: [{ role: 'robot', content: 'hi' }] }]);
    expect(chat).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!chat.ok && chat.error.message).toMatch(/^chat: args\[1\]\.messages\[0\]\.role: /);
    expect(parseControlArgs('getStatus', 'x')).toMatchObject({ ok: false, error: { message: 'getStatus: args must be an array' } });
    expect(parseControlArgs('getStatus', [1])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('accepts well-typed calls, with trailing optional arguments left out', () => {
    expect(parseControlArgs('getWeather', ['Oslo'])).toEqual({ ok: true, value: ['Oslo'] });
    expect(parseControlArgs('getWeather', ['Oslo', 'imperial'])).toEqual({ ok: true, value: ['Oslo', 'imperial'] });
    expect(parseControlArgs('callTool', ['memory__read_graph', {}])).toEqual({ ok: true, value: ['memory__read_graph', {}] });
    expect(parseControlArgs('listModels', [])).toEqual({ ok: true, value: [] });
  });

  it('knows its own methods and nothing else', () => {
    expect(CONTROL_METHODS).toContain('saveConfig');
    expect(CONTROL_METHODS.every(isControlMethod)).toBe(true);
    expect(isControlMethod('toString')).toBe(false);
    expect(isControlMethod('nope')).toBe(false);
  });
});

describe('http transport', () => {
  it('builds every method as POST /api/<method> with {args} and the bearer token', async () => {
    const { fetch, requests } = stubFetch(() => json({ ok: true, value: null }));
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: 'T0K', fetch });
    for (const method of CONTROL_METHODS) {
      const fn = client[method] as (...a: unknown[]) => Promise<unknown>;
      expect(typeof fn).toBe('function');
      await fn('x', 1);
    }
    expect(requests.map((r) => r.url)).toEqual(CONTROL_METHODS.map((m) => `http://127.0.0.1:9/api/${m}`));
    for (const r of requests) {
      expect(r.init?.method).toBe('POST');
      expect((r.init?.headers as Record<string, string>).Authorization).toBe('Bearer T0K');
      expect(JSON.parse(String(r.init?.body))).toEqual({ args: ['x', 1] });
    }
  });

  it('drops trailing undefined optional arguments', async () => {
    const { fetch, requests } = stubFetch(() => json({ ok: true, value: [] }));
    const client = createHttpClient({ baseUrl: '', token: 't', fetch });
    await client.getWeather('Oslo');
    await client.listModels();
    expect(requests.map((r) => JSON.parse(String(r.init?.body)))).toEqual([{ args: ['Oslo'] }, { args: [] }]);
  });

  it('passes Results through unchanged, success and failure', async () => {
    const failure = { ok: false, error: { code: 'SERVER_NOT_FOUND', message: 'no server x' } };
    const { fetch } = stubFetch((url) => (url.endsWith('startServer') ? json(failure, 404) : json({ ok: true, value: { servers: [] } })));
    const client = createHttpClient({ baseUrl: '', token: 't', fetch });
    expect(await client.startServer('x')).toEqual(failure);
    expect(await client.getStatus()).toEqual({ ok: true, value: { servers: [] } });
  });

  it('turns HTTP and network failures into Results instead of throwing', async () => {
    const unauthorized = createHttpClient({ baseUrl: '', token: 'bad', fetch: async () => new Response('no', { status: 401 }) });
    expect(await unauthorized.getStatus()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const down = createHttpClient({
      baseUrl: '',
      token: 't',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(await down.listTools()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('SseParser', () => {
  it('handles events split across chunks, including inside a UTF-8 character', () => {
    const p = new SseParser();
    const bytes = new TextEncoder().encode('event: log\ndata: {"text":"héllo"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    expect(p.push(bytes.slice(0, cut))).toEqual([]);
    expect(p.push(bytes.slice(cut))).toEqual([{ event: 'log', data: '{"text":"héllo"}' }]);
  });

  it('joins multi-line data with newlines and ignores comments', () => {
    const p = new SseParser();
    const out = p.push(': keepalive\nevent: status\ndata: line one\ndata:line two\nid: 7\n\n');
    expect(out).toEqual([{ event: 'status', data: 'line one\nline two', id: '7' }]);
  });

  it('accepts CRLF even when the pair is split, and defaults the event name', () => {
    const p = new SseParser();
    expect(p.push('data: a\r')).toEqual([]);
    expect(p.push('\n\r\n')).toEqual([{ event: 'message', data: 'a' }]);
    expect(p.push('data: b\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: 'b' }]);
  });
});

/** An event stream body the test writes into chunk by chunk. */
function controllableStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  const enc = new TextEncoder();
  return { body, write: (s: string) => controller.enqueue(enc.encode(s)), end: () => controller.close() };
}

describe('http event stream', () => {
  it('delivers typed events with the auth header and reconnects after the stream ends', async () => {
    const streams: Array<ReturnType<typeof controllableStream>> = [];
    const { fetch, requests } = stubFetch(() => {
      const s = controllableStream();
      streams.push(s);
      return new Response(s.body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    });
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const client = createHttpClient({
      baseUrl: '',
      token: 'T',
      fetch,
      backoff: { initialMs: 100, maxMs: 400 },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
    });
    const got: Array<[ControlEventName, unknown]> = [];
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    const off = client.subscribe((name, payload) => got.push([name, payload]));
    await waitUntil(() => streams.length === 1 && states.includes('open'));
    expect(requests[0].url).toBe('/api/events');
    expect((requests[0].init?.headers as Record<string, string>).Authorization).toBe('Bearer T');

    streams[0].write('event: chatChunk\ndata: {"requestId":"r1",');
    streams[0].write('"delta":"hi"}\n\nevent: bogus\ndata: {}\n\n');
    streams[0].write('event: log\ndata: {"serverId":"a","at":1,"stream":"stderr","text":"x"}\n\n');
    await waitUntil(() => got.length === 2);
    expect(got).toEqual([
      ['chatChunk', { requestId: 'r1', delta: 'hi' }],
      ['log', { serverId: 'a', at: 1, stream: 'stderr', text: 'x' }],
    ]);

    streams[0].end();
    await waitUntil(() => timers.length === 1);
    expect(timers[0].ms).toBe(100);
    expect(states.at(-1)).toBe('connecting');
    timers[0].fn();
    await waitUntil(() => streams.length === 2 && states.at(-1) === 'open');
    off();
    expect(states.at(-1)).toBe('closed');
  });

  it('stops retrying when the token is rejected', async () => {
    const { fetch, requests } = stubFetch(() => new Response('no', { status: 401 }));
    const timers: unknown[] = [];
    const client = createHttpClient({ baseUrl: '', token: 'bad', fetch, setTimer: (fn) => timers.push(fn) });
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    const off = client.subscribe(() => {});
    await waitUntil(() => states.includes('unauthorized'));
    expect(requests).toHaveLength(1);
    expect(timers).toHaveLength(0);
    off();
  });
});

describe('http transport over a real loopback server', () => {
  let server: http.Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = null;
  });

  it('speaks the serve protocol with the global fetch', async () => {
    const seen: string[] = [];
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      if (req.url === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`event: ${CONTROL_EVENTS[0]}\ndata: {"servers":[],\n`);
        res.write('data: "n":1}\n\n');
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(JSON.stringify({ ok: true, value: JSON.parse(body).args })));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'abc', fetch: globalThis.fetch });
    expect(await client.getLogs('memory')).toEqual({ ok: true, value: ['memory'] });
    const events: unknown[] = [];
    const off = client.subscribe((name, payload) => events.push([name, payload]));
    await waitUntil(() => events.length === 1, 2_000);
    expect(events[0]).toEqual(['status', { servers: [], n: 1 }]);
    off();
    expect(seen).toEqual(['POST /api/getLogs Bearer abc', 'GET /api/events Bearer abc']);
  });
});
