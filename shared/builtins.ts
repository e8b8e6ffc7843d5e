// The built-in MCP servers that ship with the app (config kind `{"builtin": "<name>"}`) and the
// environment each reads: required names gate the start, optional ones pass through when set.
export const BUILTIN_NAMES = ['openai', 'groq', 'local_llama', 'weather', 'web_search'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

const HTTP_TUNING = ['HTTP_TIMEOUT_MS', 'HTTP_MAX_ATTEMPTS', 'HTTP_MAX_RETRY_DELAY_MS'];

export const BUILTINS: Record<BuiltinName, { requiredEnv: string[]; optionalEnv: string[] }> = {
  openai: { requiredEnv: ['OPENAI_API_KEY'], optionalEnv: ['OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_EMBED_MODEL', ...HTTP_TUNING] },
  groq: { requiredEnv: ['GROQ_API_KEY'], optionalEnv: ['GROQ_BASE_URL', 'GROQ_MODEL', ...HTTP_TUNING] },
  local_llama: {
    requiredEnv: [],
    optionalEnv: [
      'LOCAL_LLM_BASE_URL', 'LOCAL_LLM_MODEL', 'LOCAL_LLM_API_KEY', 'MODEL_PATH',
      'LOCAL_LLM_PROBE_URLS', 'LOCAL_LLM_PROBE_INTERVAL_MS', ...HTTP_TUNING,
    ],
  },
  weather: {
    requiredEnv: [],
    optionalEnv: ['WEATHER_API_KEY', 'OPENWEATHER_BASE_URL', 'OPEN_METEO_URL', 'OPEN_METEO_GEOCODING_URL', ...HTTP_TUNING],
  },
  web_search: { requiredEnv: [], optionalEnv: ['BRAVE_API_KEY', 'BRAVE_BASE_URL', 'SEARXNG_URL', ...HTTP_TUNING] },
};

export const isBuiltinName = (name: string): name is BuiltinName => (BUILTIN_NAMES as readonly string[]).includes(name);
