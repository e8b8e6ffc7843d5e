// Ranked tool search for discovery profiles, built on MiniSearch (BM25 with prefix and fuzzy
// matching). One index per profile tool set; rebuilt only when that set changes.
import MiniSearch from 'minisearch';
import type { Tool } from '../sdk/types.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from '../../../shared/profiles.js';

export interface ToolHit {
  name: string;
  title?: string;
  summary: string;
  score: number;
}

interface Doc {
  id: number;
  name: string;
  title: string;
  description: string;
  params: string;
}

const SUMMARY_MAX = 120;

export const DEFAULT_LIMIT = SEARCH_DEFAULT_LIMIT;
const MAX_LIMIT = SEARCH_MAX_LIMIT;

/** First sentence (or line) of a description, cut to one short line. */
export function summarize(tool: Tool): string {
  const text = (tool.description ?? tool.title ?? '').trim();
  const first = text.split(/\n|(?<=[.!?])\s/)[0] ?? '';
  return first.length > SUMMARY_MAX ? `${first.slice(0, SUMMARY_MAX - 1)}…` : first;
}

/** Splits camelCase too, so `longRunningOperation` is found by "running". */
function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\n\r\p{Z}\p{P}\p{S}]+/u)
    .filter((t) => t.length > 0);
}

function paramNames(tool: Tool): string {
  const props = (tool.inputSchema as { properties?: Record<string, unknown> }).properties;
  return props ? Object.keys(props).join(' ') : '';
}

export class ToolSearch {
  private readonly index: MiniSearch<Doc>;

  constructor(private readonly tools: readonly Tool[]) {
    this.index = new MiniSearch<Doc>({
      fields: ['name', 'title', 'description', 'params'],
      tokenize,
      searchOptions: { boost: { name: 3, title: 2, params: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
    });
    this.index.addAll(
      tools.map((t, id) => ({
        id,
        name: t.name,
        title: t.title ?? t.annotations?.title ?? '',
        description: t.description ?? '',
        params: paramNames(t),
      })),
    );
  }

  search(query: string, limit = DEFAULT_LIMIT): ToolHit[] {
    const n = Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT);
    return this.index
      .search(query)
      .slice(0, n)
      .map((r) => {
        const tool = this.tools[r.id as number];
        const title = tool.title ?? tool.annotations?.title;
        return { name: tool.name, ...(title ? { title } : {}), summary: summarize(tool), score: Math.round(r.score * 1000) / 1000 };
      });
  }
}
