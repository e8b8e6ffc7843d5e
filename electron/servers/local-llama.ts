// Built-in MCP server for a local model: local_chat, list_models.
// LOCAL_LLM_BASE_URL points at an OpenAI-compatible server (Ollama http://127.0.0.1:11434/v1,
// llama.cpp, LM Studio); otherwise MODEL_PATH names a GGUF run in-process with node-llama-cpp.
// Run: node --import tsx electron/servers/local-llama.ts
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { HttpClient, VendorError, httpTuningFromEnv } from './lib/http.js';
import { InProcessLlamaBackend } from './lib/llama-inproc.js';
import { OpenAiCompatibleBackend, type ChatBackend } from './lib/openai-compatible.js';
import { serveStdio } from './lib/stdio.js';
import { envSecrets } from './lib/vendor-env.js';
import { registerVendorTools } from './lib/vendor-tools.js';

const env = process.env;
const server = new McpServer({ name: 'local_llama', version: '0.1.0' });
let inProcess: InProcessLlamaBackend | undefined;

function backend(): ChatBackend {
  const baseUrl = env.LOCAL_LLM_BASE_URL;
  if (baseUrl) {
    const key = env.LOCAL_LLM_API_KEY;
    const http = new HttpClient({
      vendor: 'local LLM',
      baseUrl,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      secrets: key ? [key] : [],
      // A local model may take a while to load on the first request.
      ...httpTuningFromEnv({ HTTP_TIMEOUT_MS: '180000', ...env }),
    });
    return new OpenAiCompatibleBackend(http, { chatModel: env.LOCAL_LLM_MODEL, firstListedModelAsDefault: true });
  }
  if (env.MODEL_PATH) return (inProcess ??= new InProcessLlamaBackend(env.MODEL_PATH));
  throw new VendorError('config', 'set LOCAL_LLM_BASE_URL (Ollama, llama.cpp, LM Studio) or MODEL_PATH to a GGUF file');
}

registerVendorTools(server, {
  vendor: 'local LLM',
  chatTool: 'local_chat',
  secrets: envSecrets(env, ['LOCAL_LLM_API_KEY']),
  backend,
});

await serveStdio(server);
