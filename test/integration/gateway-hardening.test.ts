// The gateway's node:http server under hostile or careless clients: slow headers, slow
// bodies, too many connections; and closing every session when asked (token rotation).
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { HttpLimits } from '../../electron/core/gateway/gateway.js';
import { SseStream } from '../../electron/core/gateway/sse-stream.js';
import { connectClient, startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';
import { connectInProcess, TestUpstreams, type Connected } from '../helpers/fake-upstreams.js';

let gw: RunningGateway | undefined;
const clients: Client[] = [];
const opened: Connected[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await gw?.gateway.stop();
  gw = undefined;
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function start(limits: Partial<HttpLimits>): Promise<RunningGateway> {
  const source = new TestUpstreams();
  const conn = await connectInProcess('svc', (s) =>
    s.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] })),
  );
  opened.push(conn);
  source.add(conn.upstream);
  gw = await startGateway(source, {}, [], { checkIntervalMs: 50, ...limits });
  return gw;
}

/** A raw TCP connection; resolves with it once connected and records everything it receives. */
function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const HEADERS = {
  authorization: `Bearer ${TEST_TOKEN}`,
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

/** Initializes a session by hand and opens its GET stream; `ended` resolves when the server ends it. */
async function openGetStream(url: string): Promise<{ ended: Promise<boolean> }> {
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
  const res = await fetch(url, { method: 'POST', headers: HEADERS, body: JSON.stringify(init) });
  const sid = res.headers.get('mcp-session-id')!;
  await res.text();
  const headers = { ...HEADERS, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' };
  await (
    await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) })
  ).text();
  const get = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
  expect(get.status).toBe(200);
  const reader = get.body!.getReader();
  const ended = (async () => {
    try {
      for (;;) if ((await reader.read()).done) return true;
    } catch {
      return true; // reset by the server also counts as closed
    }
  })();
  return { ended };
}

describe('gateway HTTP server limits', () => {
  it('drops a client that never finishes its headers (slowloris) with 408', async () => {
    const { port } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const slow = await open(port);
    slow.socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('drops a client that never finishes its body with 408', async () => {
    const { port } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const slow = await open(port);
    slow.socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":`,
    );
    await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('the request timeout limits receiving a request, not answering it: a slow tool call still completes', async () => {
    const source = new TestUpstreams();
    const conn = await connectInProcess('slow', (s) =>
      // The tool's own work takes longer than the request timeout (simulated server-side work).
      s.registerTool('work', {}, async () => {
        await new Promise((r) => setTimeout(r, 1500));
        return { content: [{ type: 'text', text: 'done' }] };
      }),
    );
    opened.push(conn);
    source.add(conn.upstream);
    gw = await startGateway(source, {}, [], { checkIntervalMs: 50, headersTimeoutMs: 300, requestTimeoutMs: 500 });
    const c = await connectClient(gw.url);
    clients.push(c);
    expect((await c.callTool({ name: 'slow__work', arguments: {} })).content).toEqual([{ type: 'text', text: 'done' }]);
  }, 15_000);

  it('closes the connection of a request refused for its token, Host or Origin (no keep-alive slot without the token)', async () => {
    const { port } = await start({});
    const requests = [
      `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET /mcp HTTP/1.1\r\nHost: evil.example:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n\r\n`,
      `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n\r\n`,
    ];
    for (const request of requests) {
      const c = await open(port);
      c.socket.write(request);
      await c.closed;
      expect(c.received()).toMatch(/^HTTP\/1\.1 40[13]/);
      expect(c.received().toLowerCase()).toContain('connection: close');
    }
  }, 15_000);

  it('refuses connections over the cap and accepts again once one closes', async () => {
    const { port, url } = await start({ maxConnections: 3 });
    const held = [await open(port), await open(port), await open(port)];
    // The server accepts and immediately closes the fourth: it never answers.
    const extra = await open(port);
    extra.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0].socket.destroy();
    await held[0].closed;
    held[1].socket.destroy();
    await held[1].closed;
    const again = await open(port);
    again.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(url).toContain(String(port));
  }, 15_000);

  it('closeAllSessions ends every session and its GET stream; clients must initialize again', async () => {
    const { url, gateway } = await start({});
    const a = await connectClient(url);
    clients.push(a);
    await a.listTools();
    const stream = await openGetStream(url);
    await gateway.closeAllSessions();
    expect(gateway.sessionCount()).toBe(0);
    // The server ended the stream: the reader sees its end instead of hanging.
    expect(await stream.ended).toBe(true);
    await expect(a.listTools()).rejects.toThrow(/Session not found|404/);
    const fresh = await connectClient(url);
    clients.push(fresh);
    expect((await fresh.listTools()).tools.map((t) => t.name)).toEqual(['svc__ping']);
  }, 20_000);

  it('SseStream cuts a stream whose reader stopped reading, after a bounded number of writes', async () => {
    const drops: number[] = [];
    let writes = 0;
    const chunk = 'x'.repeat(64 * 1024);
    let finished!: (ok: boolean) => void;
    const result = new Promise<boolean>((r) => (finished = r));
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const stream = new SseStream(
        res,
        () => 256 * 1024,
        (b) => drops.push(b),
      );
      // Write until the guard refuses, bounded: 4,000 x 64 KB would be 250 MB unguarded.
      const pump = () => {
        for (let i = 0; i < 16; i++) {
          writes++;
          if (res.destroyed) return finished(true);
          stream.write(chunk);
        }
        if (writes > 4000) return finished(false);
        setImmediate(pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    const paused = await open(port);
    paused.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    paused.socket.pause();
    try {
      expect(await result).toBe(true);
      expect(drops).toHaveLength(1);
      expect(drops[0]).toBeGreaterThan(256 * 1024);
    } finally {
      paused.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 20_000);
});
