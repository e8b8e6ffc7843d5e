// Built-in MCP server: search_web via Brave Search (BRAVE_API_KEY) or SearXNG (SEARXNG_URL).
// Run: node --import tsx electron/servers/web-search.ts
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { searchWeb } from './lib/search-api.js';
import { serveStdio } from './lib/stdio.js';
import { runTool } from './lib/tool-result.js';
import { envSecrets } from './lib/vendor-env.js';

const env = process.env;
const server = new McpServer({ name: 'web_search', version: '0.1.0' });

server.registerTool(
  'search_web',
  {
    title: 'Web search',
    description: 'Search the web; returns title, url and snippet per result.',
    inputSchema: {
      query: z.string().min(1).max(400),
      num_results: z.number().int().min(1).max(20).default(5),
    },
    outputSchema: {
      results: z.array(z.object({ title: z.string(), url: z.string(), snippet: z.string() })),
    },
  },
  async ({ query, num_results }, extra) =>
    runTool(envSecrets(env, ['BRAVE_API_KEY']), async () => ({
      results: await searchWeb(env, query, num_results, extra.signal),
    })),
);

await serveStdio(server);
