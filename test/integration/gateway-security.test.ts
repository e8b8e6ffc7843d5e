// The gateway's HTTP edge: auth, Host/Origin checks, body limits, malformed input, health,
// port conflicts, session bounds and mounted routes. Raw node:http requests so headers
// such as Host can be set exactly.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION, type Client } from '@modelcontextprotocol/client';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { Gateway, type HttpRoute } from '../../electron/core/gateway/gateway.js';
import { connectClient, startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type Connected } from '../helpers/fake-upstreams.js';
import { testEnv, testSettings } from '../helpers/test-settings.js';
import { waitFor } from '../helpers/wait.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/mcp', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // The server may answer (413) and close before the whole body is written.
    req.on('error', reject);
    req.end(opts.body);
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function mcpHeaders(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    host: `127.0.0.1:${port}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${TEST_TOKEN}`,
    ...extra,
  };
}

let gw: RunningGateway | undefined;
const clients: Client[] = [];
const opened: Connected[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await gw?.gateway.stop();
  gw = undefined;
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function start(settings = {}, routes: HttpRoute[] = []): Promise<RunningGateway> {
  const source = new TestUpstreams();
  const conn = await connectInProcess('svc', (s) =>
    s.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] })),
  );
  opened.push(conn);
  source.add(conn.upstream);
  gw = await startGateway(source, settings, routes);
  return gw;
}

async function client(url: string, token?: string): Promise<Client> {
  const c = await connectClient(url, token);
  clients.push(c);
  return c;
}

describe('gateway HTTP security', () => {
  it('rejects a missing or wrong token with 401 and WWW-Authenticate: Bearer', async () => {
    const { port, url } = await start();
    const none = await raw(port, { headers: mcpHeaders(port, { authorization: '' }), body: INIT });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await raw(port, { headers: mcpHeaders(port, { authorization: 'Bearer nope' }), body: INIT });
    expect(wrong.status).toBe(401);
    await expect(client(url, 'wrong-token')).rejects.toThrow();
    expect((await (await client(url)).listTools()).tools.map((t) => t.name)).toEqual(['svc__ping']);
  });

  it('rejects a foreign Host with 403, even with a valid token', async () => {
    const { port } = await start();
    for (const host of ['evil.example:' + port, `127.0.0.1:${port + 1}`, 'localhost']) {
      const res = await raw(port, { headers: mcpHeaders(port, { host }), body: INIT });
      expect(res.status).toBe(403);
    }
    const ok = await raw(port, { headers: mcpHeaders(port, { host: `localhost:${port}` }), body: INIT });
    expect(ok.status).toBe(200);
  });

  it('rejects a foreign Origin with 403 and never sends CORS headers', async () => {
    const { port } = await start();
    const evil = await raw(port, { headers: mcpHeaders(port, { origin: 'http://evil.example' }), body: INIT });
    expect(evil.status).toBe(403);
    const rebinding = await raw(port, { headers: mcpHeaders(port, { origin: 'http://127.0.0.1.evil.example:8080' }), body: INIT });
    expect(rebinding.status).toBe(403);
    // Another program on this machine (a dev server on another port) is foreign too.
    const otherPort = await raw(port, { headers: mcpHeaders(port, { origin: 'http://localhost:5173' }), body: INIT });
    expect(otherPort.status).toBe(403);
    const own = await raw(port, { headers: mcpHeaders(port, { origin: `http://localhost:${port}` }), body: INIT });
    expect(own.status).toBe(200);
    for (const res of [evil, otherPort, own]) expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers malformed JSON with 400 -32700 and keeps serving', async () => {
    const { port, url } = await start();
    const c = await client(url);
    const bad = await raw(port, { headers: mcpHeaders(port), body: '{"jsonrpc": "2.0", oops' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    expect((await c.callTool({ name: 'svc__ping', arguments: {} })).content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('answers an oversized body with 413 and a JSON-RPC error', async () => {
    const { port, url } = await start({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(5000) } });
    const res = await raw(port, { headers: mcpHeaders(port), body: big });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toMatch(/too large/);
    // Without Content-Length the limit is enforced while streaming.
    const chunked = await raw(port, { headers: mcpHeaders(port, { 'transfer-encoding': 'chunked' }), body: big });
    expect(chunked.status).toBe(413);
    expect((await (await client(url)).listTools()).tools).toHaveLength(1);
  });

  it('serves GET /health without auth and with nothing but the status', async () => {
    const { port } = await start();
    const res = await raw(port, { method: 'GET', path: '/health', headers: {} });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('answers an unknown session id with 404', async () => {
    const { port } = await start();
    const res = await raw(port, {
      headers: mcpHeaders(port, { 'mcp-session-id': '00000000-0000-0000-0000-000000000000' }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe(-32001);
  });

  it('reports a busy port as PORT_IN_USE and suggests --port', async () => {
    const { port } = await start();
    const second = new Gateway({
      env: testEnv(),
      upstreams: new TestUpstreams(),
      recorder: new RecordingRecorder(),
      settings: () => testSettings(),
      getToken: () => TEST_TOKEN,
    });
    const err = await second.start(port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.PORT_IN_USE);
    expect((err as AppError).message).toContain(String(port));
    expect((err as AppError).message).toContain('--port');
    await second.stop();
  });

  it('refuses to bind a non-loopback host', async () => {
    const g = new Gateway({
      env: testEnv(),
      upstreams: new TestUpstreams(),
      recorder: new RecordingRecorder(),
      settings: () => testSettings({ host: '0.0.0.0' }),
      getToken: () => TEST_TOKEN,
    });
    await expect(g.start()).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID });
  });
});

describe('gateway sessions', () => {
  it('at the cap, closes the least recently used idle session for a new one', async () => {
    const { url, gateway } = await start({ maxSessions: 2 });
    const first = await client(url);
    const second = await client(url);
    await second.listTools();
    const third = await client(url);
    expect(gateway.sessionCount()).toBe(2);
    await expect(first.listTools()).rejects.toThrow();
    expect((await second.listTools()).tools).toHaveLength(1);
    expect((await third.listTools()).tools).toHaveLength(1);
  });

  it('answers 503 when every session is busy', async () => {
    const source = new TestUpstreams();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const conn = await connectInProcess('slow', (s) =>
      s.registerTool('hold', {}, async () => {
        entered();
        await gate;
        return { content: [{ type: 'text', text: 'released' }] };
      }),
    );
    opened.push(conn);
    source.add(conn.upstream);
    gw = await startGateway(source, { maxSessions: 1 });
    const busy = await client(gw.url);
    const held = busy.callTool({ name: 'slow__hold', arguments: {} });
    await inside;
    const res = await raw(gw.port, { headers: mcpHeaders(gw.port), body: INIT });
    expect(res.status).toBe(503);
    release();
    expect((await held).content).toEqual([{ type: 'text', text: 'released' }]);
  });

  it('reaps sessions idle for sessionIdleMs', async () => {
    const { url, gateway } = await start({ sessionIdleMs: 200 });
    const c = await client(url);
    await c.listTools();
    expect(gateway.sessionCount()).toBe(1);
    await waitFor(() => gateway.sessionCount() === 0, 5_000, 'idle session reaped');
  });
});

describe('gateway routes', () => {
  function echoRoute(prefix: string, auth: boolean): HttpRoute {
    return {
      prefix,
      auth,
      handle: (req, res, body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ prefix, url: req.url, body: body?.toString('utf8') ?? null }));
      },
    };
  }

  it('mounts routes by longest prefix; auth:false skips only the bearer check', async () => {
    const { port } = await start({}, [echoRoute('/', false), echoRoute('/api/', true)]);
    const page = await raw(port, { method: 'GET', path: '/index.html', headers: { host: `127.0.0.1:${port}` } });
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body).prefix).toBe('/');
    const badHost = await raw(port, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
    expect(badHost.status).toBe(403);
    const noToken = await raw(port, { path: '/api/getStatus', headers: { host: `127.0.0.1:${port}` }, body: '{}' });
    expect(noToken.status).toBe(401);
    const call = await raw(port, { path: '/api/getStatus', headers: mcpHeaders(port), body: '{"args":[]}' });
    expect(JSON.parse(call.body)).toEqual({ prefix: '/api/', url: '/api/getStatus', body: '{"args":[]}' });
  });
});
