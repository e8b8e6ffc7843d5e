// The built-in table must list every variable the built-in servers read, or the supervisor would not pass it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SERVERS } from '../../../shared/builtins.js';

const SERVERS = path.resolve(__dirname, '../../../electron/servers');
const FILE_OF: Record<string, keyof typeof BUILTIN_SERVERS> = {
  'openai.ts': 'openai',
  'groq.ts': 'groq',
  'local-llama.ts': 'local_llama',
  'weather.ts': 'weather',
  'web-search.ts': 'web_search',
  'lib/weather-api.ts': 'weather',
  'lib/search-api.ts': 'web_search',
};

function namesRead(file: string): string[] {
  const text = readFileSync(path.join(SERVERS, file), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
  for (const m of text.matchAll(/'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g)) names.add(m[1]);
  return [...names];
}

describe('shared/builtins.ts', () => {
  it.each(Object.entries(FILE_OF))('%s: every variable read is in the table for %s', (file, builtin) => {
    const known = new Set<string>([...BUILTIN_SERVERS[builtin].required, ...BUILTIN_SERVERS[builtin].optional]);
    const read = namesRead(file);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((n) => !known.has(n))).toEqual([]);
  });

  it('the shared HTTP tuning variables are optional for every built-in', () => {
    const tuning = namesRead('lib/http.ts');
    expect(tuning).toEqual(expect.arrayContaining(['HTTP_TIMEOUT_MS']));
    for (const b of Object.values(BUILTIN_SERVERS)) expect(b.optional).toEqual(expect.arrayContaining(tuning));
  });
});
