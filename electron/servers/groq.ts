// Built-in MCP server for Groq: groq_chat, list_models.
// Run: node --import tsx electron/servers/groq.ts  (env GROQ_API_KEY, optional GROQ_BASE_URL)
import { McpServer } from '@modelcontextprotocol/server';
import { OpenAiCompatibleBackend } from './lib/openai-compatible.js';
import { serveStdio } from './lib/stdio.js';
import { envSecrets, keyedClient } from './lib/vendor-env.js';
import { registerVendorTools } from './lib/vendor-tools.js';

const env = process.env;
const server = new McpServer({ name: 'groq', version: '0.1.0' });

registerVendorTools(server, {
  vendor: 'Groq',
  chatTool: 'groq_chat',
  secrets: envSecrets(env, ['GROQ_API_KEY']),
  backend: () =>
    new OpenAiCompatibleBackend(
      keyedClient({
        vendor: 'Groq',
        keyVar: 'GROQ_API_KEY',
        baseUrlVar: 'GROQ_BASE_URL',
        defaultBaseUrl: 'https://api.groq.com/openai/v1',
      }),
      { chatModel: env.GROQ_MODEL || 'llama-3.1-8b-instant' },
    ),
});

await serveStdio(server);
