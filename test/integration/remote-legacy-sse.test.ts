// A remote MCP server that still speaks the 2024-11-05 HTTP+SSE transport (GET /sse opens the stream and names a
// POST endpoint): reached through `serve` when the entry says `"transport": "sse"`, and detected when it does not
// (its answer to the Streamable HTTP POST is a 4xx, so the older transport is tried, as the spec's compatibility
// section describes). Real SDK transports on both sides, on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OrchestratorStatus } from '../../shared/types.js';
import { control, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

/** An HTTP+SSE-only server: GET /sse and POST /messages; anything else (a Streamable HTTP POST) gets 405. */
async function legacyServer(): Promise<{ url: string; server: Server; posts: () => number }> {
  const sessions = new Map<string, SSEServerTransport>();
  let refusedPosts = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.on('close', () => sessions.delete(transport.sessionId));
      const mcp = new McpServer({ name: 'legacy', version: '1.0.0' });
      mcp.registerTool('shout', { inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: text.toUpperCase() }],
      }));
      void mcp.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void res.writeHead(404).end('no session');
      return void transport.handlePostMessage(req, res);
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
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
    );
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
