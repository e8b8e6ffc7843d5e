// What to tell a client that calls chat, embed, search_web, get_weather or list_models while no
// running server offers it: the router lists those tools only while some server can serve them, so
// without this the answer would be a bare "Unknown tool: chat".
import type { BuiltinName } from '../../../shared/builtins.js';
import { BUILTIN_SERVERS } from '../../../shared/builtins.js';

interface Need {
  /** "no <what> is configured". */
  what: string;
  builtins: BuiltinName[];
}

const NEEDS: Record<string, Need> = {
  chat: { what: 'chat vendor', builtins: ['openai', 'groq', 'local_llama'] },
  list_models: { what: 'model vendor', builtins: ['openai', 'groq', 'local_llama'] },
  embed: { what: 'embeddings vendor', builtins: ['openai', 'local_llama'] },
  search_web: { what: 'web search server', builtins: ['web_search'] },
  get_weather: { what: 'weather server', builtins: ['weather'] },
};

/** A configured server as far as this message needs it. */
export interface ServerFacts {
  id: string;
  builtin?: BuiltinName;
  enabled: boolean;
  state: string;
  missingEnv: string[];
  lastError: string | null;
}

function why(s: ServerFacts): string {
  if (!s.enabled) return `${s.id} is disabled (set "enabled": true)`;
  if (s.missingEnv.length > 0) {
    const key = s.missingEnv[0];
    return `${s.id} waits for ${s.missingEnv.join(', ')} (store it: mcp-orchestrator secrets set ${key})`;
  }
  return `${s.id} is ${s.state}${s.lastError ? `: ${s.lastError}` : ''}`;
}

/** The message for a router tool no running server offers; undefined for any other name. */
export function missingCapabilityMessage(tool: string, servers: ServerFacts[]): string | undefined {
  const need = Object.prototype.hasOwnProperty.call(NEEDS, tool) ? NEEDS[tool] : undefined;
  if (!need) return undefined;
  const configured = servers.filter((s) => s.builtin && need.builtins.includes(s.builtin));
  if (configured.length > 0) return `no ${need.what} is running: ${configured.map(why).join('; ')}`;
  const keys = need.builtins.flatMap((b) => BUILTIN_SERVERS[b].required);
  const add = `add ${need.builtins.length > 1 ? `an ${need.builtins.join('/')}` : `a ${need.builtins[0]}`} server (e.g. "${need.builtins[0]}": {"builtin": "${need.builtins[0]}"} under "servers")`;
  const store = keys.length ? `, then store ${keys.join(' or ')} (mcp-orchestrator secrets set ${keys[0]})` : '';
  return `no ${need.what} is configured: ${add}${store}`;
}
