// Built-in MCP server: search_web via Brave Search (BRAVE_API_KEY) or SearXNG (SEARXNG_URL).
// Run: node --import tsx electron/servers/web-search.ts
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { SELF_HEALTH_LOGGER } from '../../shared/health.js';
import { searchWeb } from './lib/search-api.js';
import { serveStdio } from './lib/stdio.js';
import { runTool } from './lib/tool-result.js';
import { envSecrets } from './lib/vendor-env.js';

const env = process.env;
const server = new McpServer({ name: 'web_search', version: '0.1.0' }, { capabilities: { logging: {} } });

server.registerTool(
  'search_web',
  {
    title: 'Web search',
    description: 'Search the web; returns title, url and snippet per result.',
    inputSchema: z.object({
      query: z.string().min(1).max(400),
      num_results: z.number().int().min(1).max(20).default(5),
    }),
    outputSchema: z.object({
      results: z.array(z.object({ title: z.string(), url: z.string(), snippet: z.string() })),
    }),
  },
  async ({ query, num_results }, ctx) =>
    runTool(envSecrets(env, ['BRAVE_API_KEY']), async () => ({
      results: await searchWeb(env, query, num_results, ctx.mcpReq.signal),
    })),
);

// Without a provider every search would fail: say so, so the supervisor shows the server as degraded
// and the orchestrator does not offer search_web on its behalf (shared/health.ts).
if (!env.BRAVE_API_KEY && !env.SEARXNG_URL) {
  server.server.oninitialized = () => {
    const reason = 'no search provider: set BRAVE_API_KEY (Brave Search) or SEARXNG_URL (a SearXNG instance)';
    void server.server
      .sendLoggingMessage({ level: 'warning', logger: SELF_HEALTH_LOGGER, data: { degraded: true, reason } })
      .catch(() => undefined);
  };
}
await serveStdio(server);
