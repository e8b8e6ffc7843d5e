// Built-in MCP server for OpenAI: openai_chat, openai_embed, list_models.
// Run: node --import tsx electron/servers/openai.ts  (env OPENAI_API_KEY, optional OPENAI_BASE_URL)
import { McpServer } from '@modelcontextprotocol/server';
import { OpenAiCompatibleBackend } from './lib/openai-compatible.js';
import { serveStdio } from './lib/stdio.js';
import { envSecrets, keyedClient } from './lib/vendor-env.js';
import { registerVendorTools } from './lib/vendor-tools.js';

const env = process.env;
const server = new McpServer({ name: 'openai', version: '0.1.0' });

registerVendorTools(server, {
  vendor: 'OpenAI',
  chatTool: 'openai_chat',
  embedTool: 'openai_embed',
  secrets: envSecrets(env, ['OPENAI_API_KEY']),
  backend: () =>
    new OpenAiCompatibleBackend(
      keyedClient({
        vendor: 'OpenAI',
        keyVar: 'OPENAI_API_KEY',
        baseUrlVar: 'OPENAI_BASE_URL',
        defaultBaseUrl: 'https://api.openai.com/v1',
      }),
      { chatModel: env.OPENAI_MODEL || 'gpt-4o-mini', embedModel: env.OPENAI_EMBED_MODEL || 'text-embedding-3-small' },
    ),
});

await serveStdio(server);
