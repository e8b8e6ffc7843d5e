import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStarterConfig } from '../../../../electron/core/config/starter.js';
import { parseConfigText } from '../../../../shared/config-schema.js';

const example = path.resolve(import.meta.dirname, '../../../../examples/config.json');

describe('starter config', () => {
  it('creates the config (and its folder) from the shipped example on first run', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'starter-'));
    const file = path.join(dir, 'nested', 'config.json');
    expect(await ensureStarterConfig(file, example)).toBe(true);
    const parsed = parseConfigText(await readFile(file, 'utf8'));
    expect(parsed.ok && parsed.config.servers.map((s) => s.id)).toEqual([
      'everything',
      'memory',
      'openai',
      'groq',
      'local_llama',
      'weather',
      'web_search',
    ]);
  });

  it('never overwrites an existing file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'starter-'));
    const file = path.join(dir, 'config.json');
    await writeFile(file, '{"servers": {}}');
    expect(await ensureStarterConfig(file, example)).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('{"servers": {}}');
  });
});
