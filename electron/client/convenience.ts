// One-shot helpers: open a client, make one call, close it.
import type { ChatRequest, ChatResponse, SearchResult, WeatherReport } from '../../shared/types.js';
import { MCPClient } from './mcp-client.js';
import type { ChatCallOptions, EmbedResponse, MCPClientOptions } from './types.js';

async function once<T>(opts: MCPClientOptions, fn: (c: MCPClient) => Promise<T>): Promise<T> {
  const client = new MCPClient(opts);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.disconnect();
  }
}

export type ChatOnceOptions = MCPClientOptions & Omit<ChatRequest, 'message' | 'messages'> & Pick<ChatCallOptions, 'onDelta' | 'signal'>;

export function chat(message: string, opts: ChatOnceOptions = {}): Promise<ChatResponse> {
  const { url, token, timeoutMs, retries, onDelta, signal, ...req } = opts;
  return once({ url, token, timeoutMs, retries }, (c) => c.chat({ ...req, message }, { onDelta, signal }));
}

export function embed(text: string | string[], opts: MCPClientOptions & { vendor?: string } = {}): Promise<EmbedResponse> {
  const { vendor, ...conn } = opts;
  return once(conn, (c) => c.embed(text, vendor));
}

export function search(query: string, opts: MCPClientOptions & { numResults?: number } = {}): Promise<SearchResult[]> {
  const { numResults, ...conn } = opts;
  return once(conn, (c) => c.searchWeb(query, numResults));
}

export function weather(location: string, opts: MCPClientOptions & { units?: 'metric' | 'imperial' } = {}): Promise<WeatherReport> {
  const { units, ...conn } = opts;
  return once(conn, (c) => c.getWeather(location, units));
}
