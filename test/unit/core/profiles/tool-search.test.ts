import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/server';
import { ToolSearch, summarize } from '../../../../electron/core/profiles/tool-search.js';

const tool = (name: string, description: string, params: string[] = [], title?: string): Tool => ({
  name,
  ...(title ? { title } : {}),
  description,
  inputSchema: { type: 'object', properties: Object.fromEntries(params.map((p) => [p, { type: 'string' }])) },
});

const TOOLS = [
  tool('memory__create_entities', 'Create multiple new entities in the knowledge graph', ['entities']),
  tool('memory__read_graph', 'Read the entire knowledge graph'),
  tool('weather__get_forecast', 'Weather forecast for a place. Uses the national service.', ['latitude', 'longitude']),
  tool('everything__longRunningOperation', 'Demonstrates progress', ['duration'], 'Long op'),
  tool('files__write_file', 'Write a file to disk', ['path', 'content']),
];

describe('ToolSearch', () => {
  const search = new ToolSearch(TOOLS);
  const top = (q: string) => search.search(q)[0]?.name;

  it('ranks by name, description, title and parameter names', () => {
    expect(top('create entities')).toBe('memory__create_entities');
    expect(top('forecast')).toBe('weather__get_forecast');
    expect(top('latitude')).toBe('weather__get_forecast');
    expect(top('running')).toBe('everything__longRunningOperation');
    expect(top('long op')).toBe('everything__longRunningOperation');
  });

  it('matches prefixes and small typos, and honours the limit', () => {
    expect(top('weath')).toBe('weather__get_forecast');
    expect(top('knowlege')).toMatch(/^memory__/);
    expect(search.search('graph', 1)).toHaveLength(1);
    expect(search.search('zzzqqq')).toEqual([]);
  });

  it('summaries are the first sentence on one short line', () => {
    expect(summarize(TOOLS[2])).toBe('Weather forecast for a place.');
    expect(summarize(tool('x', 'a'.repeat(300))).length).toBe(120);
  });
});
