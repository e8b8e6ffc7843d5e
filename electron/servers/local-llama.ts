// Built-in MCP server for a local model: local_chat, list_models.
// LOCAL_LLM_BASE_URL points at an OpenAI-compatible server (Ollama http://127.0.0.1:11434/v1,
// llama.cpp, LM Studio); MODEL_PATH names a GGUF run in-process with node-llama-cpp; with neither,
// the usual local servers are probed (lib/local-probe.ts) and the server reports itself degraded
// to the supervisor until one answers.
// Run: node --import tsx electron/servers/local-llama.ts
import { McpServer } from '@modelcontextprotocol/server';
import { SELF_HEALTH_LOGGER } from '../../shared/health.js';
import { HttpClient, VendorError, httpTuningFromEnv } from './lib/http.js';
import { InProcessLlamaBackend, llamaOptionsFromEnv } from './lib/llama-inproc.js';
import { LocalServerProbe, notFoundMessage, probeTargets } from './lib/local-probe.js';
import { OpenAiCompatibleBackend, type ChatBackend } from './lib/openai-compatible.js';
import { serveStdio } from './lib/stdio.js';
import { envSecrets } from './lib/vendor-env.js';
import { registerVendorTools } from './lib/vendor-tools.js';

const env = process.env;
const server = new McpServer({ name: 'local_llama', version: '0.1.0' }, { capabilities: { logging: {} } });
let inProcess: InProcessLlamaBackend | undefined;
const remote = new Map<string, ChatBackend>();

function httpBackend(baseUrl: string): ChatBackend {
  const cached = remote.get(baseUrl);
  if (cached) return cached;
  const key = env.LOCAL_LLM_API_KEY;
  const http = new HttpClient({
    vendor: 'local LLM',
    baseUrl,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    secrets: key ? [key] : [],
    // A local model may take a while to load on the first request.
    ...httpTuningFromEnv({ HTTP_TIMEOUT_MS: '180000', ...env }),
  });
  const backend = new OpenAiCompatibleBackend(http, { chatModel: env.LOCAL_LLM_MODEL, firstListedModelAsDefault: true });
  remote.set(baseUrl, backend);
  return backend;
}

const targets = probeTargets(env);
const probing = !env.LOCAL_LLM_BASE_URL && !env.MODEL_PATH;
const probe = new LocalServerProbe(targets, () => reportHealth(), Number(env.LOCAL_LLM_PROBE_INTERVAL_MS) || 15_000);

function reportHealth(): void {
  if (!probing) return;
  const found = probe.current();
  const data = found ? { degraded: false } : { degraded: true, reason: notFoundMessage(targets) };
  void server.server.sendLoggingMessage({ level: found ? 'info' : 'warning', logger: SELF_HEALTH_LOGGER, data }).catch(() => undefined);
}

async function backend(): Promise<ChatBackend> {
  if (env.LOCAL_LLM_BASE_URL) return httpBackend(env.LOCAL_LLM_BASE_URL);
  if (env.MODEL_PATH) return (inProcess ??= new InProcessLlamaBackend(env.MODEL_PATH, llamaOptionsFromEnv(env)));
  const found = probe.current() ?? (await probe.probe());
  if (!found) throw new VendorError('config', notFoundMessage(targets));
  return withLossDetection(httpBackend(found.baseUrl));
}

/** A probed server that stops answering is forgotten, so the next call (and the status) looks again. */
function withLossDetection(b: ChatBackend): ChatBackend {
  const watch = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err instanceof VendorError && err.kind === 'network') probe.lost();
      throw err;
    });
  return new Proxy(b, {
    get: (target, prop, receiver) => {
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (...args: unknown[]) => watch(Promise.resolve(v.apply(target, args))) : v;
    },
  });
}

registerVendorTools(server, {
  vendor: 'local LLM',
  chatTool: 'local_chat',
  secrets: envSecrets(env, ['LOCAL_LLM_API_KEY']),
  backend,
});

server.server.oninitialized = () => {
  if (probing) void probe.probe().then(() => reportHealth());
};
await serveStdio(server);
