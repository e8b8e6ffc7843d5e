// The client library's error mapping, fed with what the SDK v2 client really throws (test/unit/client/errors.test.ts
// has the same mapping on constructed errors): a real Client and
// StreamableHTTPClientTransport against a small MCP endpoint on 127.0.0.1 that can answer 401, 404 for a
// session it forgot, a JSON-RPC error, or nothing at all (a timeout).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client,
  ProtocolError,
  ProtocolErrorCode,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { classifyError } from '../../electron/client/errors.js';
import { waitFor } from '../helpers/wait.js';

const TOKEN = 'unit-token';
const SESSION = 'session-1';

interface Endpoint {
  url: string;
  /** Replies held open (the "slow" tool), ended when the test is over. */
  held: ServerResponse[];
  /** Whether the endpoint still knows SESSION. */
  knowsSession: boolean;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<{ id?: number | string; method?: string; params?: { name?: string } }> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text ? JSON.parse(text) : {}));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));

async function startEndpoint(): Promise<Endpoint> {
  const ep: Endpoint = { url: '', held: [], knowsSession: true, close: async () => undefined };
  const http: Server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('missing or wrong bearer token');
    // No server-initiated stream here.
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const msg = await body(req);
    if (msg.method === 'initialize') {
      const result = { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'unit', version: '1' } };
      return json(res, 200, { jsonrpc: '2.0', id: msg.id, result }, { 'mcp-session-id': SESSION });
    }
    if (req.headers['mcp-session-id'] !== SESSION || !ep.knowsSession)
      return json(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
    if (msg.id === undefined) return void res.writeHead(202).end();
    const tool = msg.params?.name;
    if (tool === 'slow') return void ep.held.push(res);
    if (tool === 'unknown') {
      const error = { code: ProtocolErrorCode.InvalidParams, message: 'Unknown tool: unknown', data: { appCode: 'TOOL_NOT_FOUND' } };
      return json(res, 200, { jsonrpc: '2.0', id: msg.id, error });
    }
    return json(res, 200, { jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text: 'ok' }] } });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  ep.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  ep.close = async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return ep;
}

let ep: Endpoint;
const open: Client[] = [];

beforeAll(async () => {
  ep = await startEndpoint();
});

afterEach(async () => {
  for (const res of ep.held.splice(0)) res.end();
  ep.knowsSession = true;
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
});

afterAll(() => ep.close());

/** A real SDK v2 client; returns it with its transport, or the error connecting threw. */
async function connect(token = TOKEN): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(ep.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'unit', version: '1' });
  client.onerror = () => undefined;
  open.push(client);
  await client.connect(transport);
  return { client, transport };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e,
  );

describe('classifyError on the SDK v2 client failures', () => {
  it('a 401 is UNAUTHORIZED and not retried', async () => {
    const err = await failure(connect('wrong'));
    // What the SDK throws: an SdkHttpError, the status in its data (v1 had StreamableHTTPError with the status as code).
    expect(err).toBeInstanceOf(SdkHttpError);
    expect((err as SdkHttpError).status).toBe(401);
    const c = classifyError(err, ep.url, false, false);
    expect(c.transient).toBe(false);
    expect(c.error).toBeInstanceOf(AppError);
    expect((c.error as AppError).code).toBe(ErrorCode.UNAUTHORIZED);
    expect(c.error.message).toContain('rejected the token (401)');
  });

  it('a 404 on a live session is worth a new session; a 404 before any session is a wrong URL', async () => {
    const { client, transport } = await connect();
    ep.knowsSession = false;
    const err = await failure(client.callTool({ name: 'echo', arguments: {} }));
    expect(err).toBeInstanceOf(SdkError);
    expect(transport.sessionId).toBe(SESSION);
    const lost = classifyError(err, ep.url, !!transport.sessionId, false);
    expect(lost.transient).toBe(true);
    expect((lost.error as AppError).code).toBe(ErrorCode.UPSTREAM_ERROR);
    expect(lost.error.message).toBe(`no MCP endpoint or session at ${ep.url} (404)`);
    expect(classifyError(err, ep.url, false, false).transient).toBe(false);
  });

  it("a JSON-RPC error keeps the gateway's own code and message, and is not retried", async () => {
    const { client } = await connect();
    const err = await failure(client.callTool({ name: 'unknown', arguments: {} }));
    expect(err).toBeInstanceOf(ProtocolError);
    const c = classifyError(err, ep.url, true, false);
    expect(c.transient).toBe(false);
    expect(c.error).toBeInstanceOf(AppError);
    expect((c.error as AppError).toInfo()).toEqual({ code: ErrorCode.TOOL_NOT_FOUND, message: 'Unknown tool: unknown' });
  });

  it('a timeout is TIMEOUT and not retried (the call may still be running)', async () => {
    const { client } = await connect();
    const err = await failure(client.callTool({ name: 'slow', arguments: {} }, { timeout: 50 }));
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe(SdkErrorCode.RequestTimeout);
    const c = classifyError(err, ep.url, true, false);
    expect(c.transient).toBe(false);
    expect((c.error as AppError).toInfo()).toEqual({ code: ErrorCode.TIMEOUT, message: 'Request timed out' });
  });

  it('an aborted call is CANCELLED, whatever the SDK threw', async () => {
    const { client } = await connect();
    const ac = new AbortController();
    const call = failure(client.callTool({ name: 'slow', arguments: {} }, { signal: ac.signal }));
    await waitFor(() => ep.held.length === 1, 5_000, 'the slow call to arrive');
    ac.abort();
    const c = classifyError(await call, ep.url, true, true);
    expect((c.error as AppError).code).toBe(ErrorCode.CANCELLED);
  });

  it('a closed connection and a refused socket are transient', async () => {
    const { client } = await connect();
    const call = failure(client.callTool({ name: 'slow', arguments: {} }));
    // Close while the request is in flight (the endpoint holds it), not before it is sent.
    await waitFor(() => ep.held.length === 1, 5_000, 'the slow call to arrive');
    await client.close();
    const closed = await call;
    expect((closed as SdkError).code).toBe(SdkErrorCode.ConnectionClosed);
    const c = classifyError(closed, ep.url, true, false);
    expect(c).toMatchObject({ transient: true, error: { code: ErrorCode.UPSTREAM_ERROR, message: `connection to ${ep.url} closed` } });

    const down = await startEndpoint();
    await down.close();
    const refused = new StreamableHTTPClientTransport(new URL(down.url));
    const err = await failure(new Client({ name: 'unit', version: '1' }).connect(refused));
    const r = classifyError(err, down.url, false, false);
    expect(r.transient).toBe(true);
    expect(r.error.message).toBe(`cannot reach the orchestrator at ${down.url} (ECONNREFUSED); is it running?`);
  });
});
