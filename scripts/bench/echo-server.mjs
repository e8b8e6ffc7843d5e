// A minimal stdio MCP server for benchmarks: plain JS so start-up measures Node + SDK, not a
// TypeScript loader. TOOL_COUNT adds that many extra tools; START_DELAY_MS simulates a child
// whose start is I/O-bound (npx resolving, a model loading).
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

const server = new McpServer({ name: 'bench-echo', version: '1.0.0' });
server.registerTool('echo', { description: 'Echo the text back', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
  content: [{ type: 'text', text }],
}));
const extra = Number(process.env.TOOL_COUNT ?? 0);
for (let i = 0; i < extra; i++) {
  server.registerTool(
    `tool_${i}`,
    { description: `Synthetic tool ${i}`, inputSchema: z.object({ n: z.number().optional() }) },
    async () => ({
      content: [{ type: 'text', text: String(i) }],
    }),
  );
}
const delay = Number(process.env.START_DELAY_MS ?? 0);
if (delay > 0) await new Promise((r) => setTimeout(r, delay));
await server.connect(new StdioServerTransport());
