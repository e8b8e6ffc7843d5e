// Web search providers: Brave Search API (BRAVE_API_KEY) or a SearXNG instance (SEARXNG_URL).
import type { SearchResult } from '../../../shared/types.js';
import { HttpClient, VendorError, httpTuningFromEnv } from './http.js';

type Env = Record<string, string | undefined>;

// Brave wraps matches in <strong>; results are shown as plain text.
function plain(text: string | undefined): string {
  return (text ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

async function brave(env: Env, query: string, count: number, signal?: AbortSignal): Promise<SearchResult[]> {
  const key = env.BRAVE_API_KEY as string;
  const http = new HttpClient({
    vendor: 'Brave Search',
    baseUrl: env.BRAVE_BASE_URL || 'https://api.search.brave.com',
    headers: { 'x-subscription-token': key },
    secrets: [key],
    ...httpTuningFromEnv(env),
  });
  const res = await http.json<{ web?: { results?: Array<{ title?: string; url?: string; description?: string }> } }>({
    path: '/res/v1/web/search',
    query: { q: query, count },
    signal,
  });
  return (res.web?.results ?? [])
    .filter((r) => typeof r.url === 'string')
    .map((r) => ({ title: plain(r.title), url: r.url as string, snippet: plain(r.description) }));
}

async function searxng(env: Env, query: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const http = new HttpClient({ vendor: 'SearXNG', baseUrl: env.SEARXNG_URL as string, ...httpTuningFromEnv(env) });
  const res = await http.json<{ results?: Array<{ title?: string; url?: string; content?: string }> }>({
    path: '/search',
    query: { q: query, format: 'json' },
    signal,
  });
  return (res.results ?? [])
    .filter((r) => typeof r.url === 'string')
    .map((r) => ({ title: plain(r.title), url: r.url as string, snippet: plain(r.content) }));
}

export async function searchWeb(env: Env, query: string, numResults: number, signal?: AbortSignal): Promise<SearchResult[]> {
  if (env.BRAVE_API_KEY) return (await brave(env, query, numResults, signal)).slice(0, numResults);
  if (env.SEARXNG_URL) return (await searxng(env, query, signal)).slice(0, numResults);
  throw new VendorError(
    'config',
    'no search provider configured: set BRAVE_API_KEY (Brave Search API) or SEARXNG_URL (a SearXNG instance with JSON output enabled)',
  );
}
