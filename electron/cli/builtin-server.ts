// `server <name>`: runs one built-in MCP server in this process on stdio, so configs can
// start them with the same binary wherever the app is installed.
import type { Io } from './context.js';

const BUILTINS: Record<string, string> = {
  openai: '../servers/openai.js',
  groq: '../servers/groq.js',
  local_llama: '../servers/local-llama.js',
  weather: '../servers/weather.js',
  web_search: '../servers/web-search.js',
};

export async function builtinServerCommand(rest: string[], io: Io): Promise<number> {
  const name = rest[0];
  const module = name ? BUILTINS[name] : undefined;
  if (!module) {
    io.err(`usage: mcp-orchestrator server <${Object.keys(BUILTINS).join('|')}>`);
    return 2;
  }
  await import(module);
  // The server keeps the process alive until stdin closes.
  return await new Promise<number>(() => undefined);
}
