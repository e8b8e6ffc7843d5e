// A remote MCP server that still speaks the 2024-11-05 HTTP+SSE transport (GET /sse opens the stream and names a
// POST endpoint): reached through `serve` when the entry says `"transport": "sse"`, and detected when it does not
// (its answer to the Streamable HTTP POST is a 4xx, so the older transport is tried, as the spec's compatibility
// section describes). On loopback: the SDK v2 McpServer behind a small HTTP+SSE server transport written here (v2
// ships none), and the SDK v2 client on the gateway's side.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer, parseJSONRPCMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OrchestratorStatus } from '../../shared/types.js';
import { connectClient } from '../helpers/connect-client.js';
import { control, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

/**
 * The server half of the 2024-11-05 HTTP+SSE transport: the GET response is the event stream, its first event
 * (`endpoint`) names the URL to POST messages to, and every server message is a `message` event on it.
 */
class SseServerTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(
    private readonly endpoint: string,
    private readonly stream: ServerResponse,
  ) {}

  async start(): Promise<void> {
    this.stream.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.stream.write(`event: endpoint\ndata: ${this.endpoint}?sessionId=${this.sessionId}\n\n`);
    this.stream.on('close', () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.stream.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    this.stream.end();
  }

  /** One POSTed message: 202 once it parses as JSON-RPC, 400 otherwise. */
  async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (err) {
      this.onerror?.(err as Error);
      return void res.writeHead(400).end('Invalid message');
    }
    res.writeHead(202).end('Accepted');
    this.onmessage?.(message);
  }
}

/** An HTTP+SSE-only server: GET /sse and POST /messages; anything else (a Streamable HTTP POST) gets 405. */
async function legacyServer(): Promise<{ url: string; server: Server; posts: () => number }> {
  const sessions = new Map<string, SseServerTransport>();
  let refusedPosts = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SseServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.on('close', () => sessions.delete(transport.sessionId));
      const mcp = new McpServer({ name: 'legacy', version: '1.0.0' });
      mcp.registerTool('shout', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
        content: [{ type: 'text', text: text.toUpperCase() }],
      }));
      void mcp.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void res.writeHead(404).end('no session');
      return void transport.handlePost(req, res);
    }
    refusedPosts += 1;
    res.writeHead(405, { allow: 'GET' }).end('Method Not Allowed');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`, server, posts: () => refusedPosts };
}

describe('remote servers on the older HTTP+SSE transport', () => {
  let legacy: Awaited<ReturnType<typeof legacyServer>>;
  let h: ServeHandle;

  beforeAll(async () => {
    legacy = await legacyServer();
    const dir = await tempDir();
    h = await startServe(
      { servers: { declared: { url: legacy.url, transport: 'sse' }, detected: { url: legacy.url } } },
      { dir, ui: false },
    );
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    legacy?.server.closeAllConnections();
    legacy?.server.close();
  });

  it('serves its tools through the gateway, declared with "transport": "sse" or detected from the refused POST', async () => {
    await waitFor(async () => {
      const s = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
      return s.servers.every((x) => x.state === 'running');
    }, 'both legacy entries running');
    const client = await connectClient(h.url, h.token, { name: 'ide' });
    try {
      for (const id of ['declared', 'detected']) {
        const r = (await client.callTool({ name: `${id}__shout`, arguments: { text: `hi ${id}` } })) as { content: { text: string }[] };
        expect(r.content[0].text).toBe(`HI ${id.toUpperCase()}`);
      }
    } finally {
      await client.close();
    }
    // Only the undeclared entry tried Streamable HTTP first, and its log says what happened.
    expect(legacy.posts()).toBeGreaterThanOrEqual(1);
    const logs = (await control<{ text: string }[]>(h, 'getLogs', 'detected')).value!.map((l) => l.text).join('\n');
    expect(logs).toContain('trying the older HTTP+SSE transport');
    expect(logs).toContain('set "transport": "sse"');
  });
});
