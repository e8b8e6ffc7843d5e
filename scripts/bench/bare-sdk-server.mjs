// The floor for an SDK client: a bare MCP SDK (v2) Streamable HTTP server (stateful sessions, the
// SDK's defaults; a 2025-era server) with the echo tool in-process, on a free loopback port, which it prints.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const transports = new Map();

function session() {
  const server = new McpServer({ name: 'bare-sdk', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echo the text back', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  const transport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => transports.set(id, transport),
  });
  transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
  return server.connect(transport).then(() => transport);
}

const http = createServer(async (req, res) => {
  const id = req.headers['mcp-session-id'];
  const transport = typeof id === 'string' ? transports.get(id) : await session();
  if (!transport) {
    res.writeHead(404).end();
    return;
  }
  await transport.handleRequest(req, res);
});
http.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${http.address().port}\n`));
