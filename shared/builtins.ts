// The built-in vendor servers (config kind `{"builtin": "<name>"}`) and the environment each reads: one table for
// the supervisor (which passes a built-in's optional names through automatically), the config schema and the docs.

export interface BuiltinEnv {
  /** Must resolve before the server starts. */
  required: readonly string[];
  /** Read when present (base URLs, models, tuning, optional keys). */
  optional: readonly string[];
}

// Every vendor server's HTTP client reads these (electron/servers/lib/http.ts).
const HTTP_TUNING = ['HTTP_TIMEOUT_MS', 'HTTP_MAX_ATTEMPTS', 'HTTP_MAX_RETRY_DELAY_MS'] as const;

export const BUILTIN_SERVERS = {
  openai: { required: ['OPENAI_API_KEY'], optional: ['OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_EMBED_MODEL', ...HTTP_TUNING] },
  groq: { required: ['GROQ_API_KEY'], optional: ['GROQ_BASE_URL', 'GROQ_MODEL', ...HTTP_TUNING] },
  local_llama: {
    required: [],
    optional: [
      'LOCAL_LLM_BASE_URL',
      'LOCAL_LLM_API_KEY',
      'LOCAL_LLM_MODEL',
      'MODEL_PATH',
      'LOCAL_LLM_PROBE_URLS',
      'LOCAL_LLM_PROBE_INTERVAL_MS',
      ...HTTP_TUNING,
    ],
  },
  weather: {
    required: [],
    optional: ['WEATHER_API_KEY', 'OPENWEATHER_BASE_URL', 'OPEN_METEO_URL', 'OPEN_METEO_GEOCODING_URL', ...HTTP_TUNING],
  },
  web_search: { required: [], optional: ['BRAVE_API_KEY', 'BRAVE_BASE_URL', 'SEARXNG_URL', ...HTTP_TUNING] },
} as const satisfies Record<string, BuiltinEnv>;

/**
 * The folder holding the desktop app's own node-llama-cpp (`<resources>/local-models`, with node_modules inside),
 * which the supervisor passes to local_llama when the app ships one (scripts/stage-local-models.mjs).
 */
export const LOCAL_MODELS_ENV = 'MCP_ORCHESTRATOR_LOCAL_MODELS_DIR';

export type BuiltinName = keyof typeof BUILTIN_SERVERS;

/** The config kind's allowed values (`{"builtin": "<name>"}`), in a stable order. */
export const BUILTIN_NAMES = Object.keys(BUILTIN_SERVERS) as [BuiltinName, ...BuiltinName[]];

export function isBuiltinName(name: string): name is BuiltinName {
  return Object.prototype.hasOwnProperty.call(BUILTIN_SERVERS, name);
}

/**
 * Which built-in an entry runs, from today's `<...>/mcp-orchestrator[.mjs|.js] server <name>` args form
 * (command `node`, `npx` or the mcp-orchestrator binary itself); undefined for any other server.
 */
export function builtinOf(command: string | undefined, args: readonly string[]): BuiltinName | undefined {
  const words = [command ?? '', ...args];
  for (let i = 1; i + 1 < words.length; i++) {
    if (words[i] !== 'server' || !isBuiltinName(words[i + 1])) continue;
    if (/(^|[\\/])mcp-orchestrator(\.m?js|\.cmd|\.exe)?$/.test(words[i - 1])) return words[i + 1] as BuiltinName;
  }
  return undefined;
}
