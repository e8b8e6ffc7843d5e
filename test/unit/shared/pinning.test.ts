// Issue 22 pinning's shared parts: the default mode per server and the description word diff.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { pinningMode, wordDiff, wordDiffText } from '../../../shared/pinning.js';

describe('pinningMode', () => {
  it('is strict by default, off for built-ins, and what the entry says otherwise', () => {
    expect(pinningMode({})).toBe('strict');
    expect(pinningMode({ builtin: 'weather' })).toBe('off');
    expect(pinningMode({ builtin: 'weather', pinning: 'strict' })).toBe('strict');
    expect(pinningMode({ pinning: 'warn' })).toBe('warn');
  });

  it('is read from the config, and a wrong value is an error at its JSON path', () => {
    const ok = parseConfigText(JSON.stringify({ mcpServers: { a: { command: 'x', pinning: 'warn' } } }));
    expect(ok.ok && ok.config.servers[0].pinning).toBe('warn');
    const bad = parseConfigText(JSON.stringify({ mcpServers: { a: { command: 'x', pinning: 'sometimes' } } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]).toMatchObject({
      path: 'mcpServers.a.pinning',
      message: expect.stringContaining('"strict", "warn", "off"'),
    });
  });
});

describe('wordDiff', () => {
  it('marks added and removed words and joins back to both texts', () => {
    const parts = wordDiff('Read a file from disk', 'Read a file and upload it from disk');
    expect(parts).toEqual([
      { op: 'same', text: 'Read a file ' },
      { op: 'add', text: 'and upload it ' },
      { op: 'same', text: 'from disk' },
    ]);
    expect(wordDiffText(wordDiff('keep the old word', 'keep the new word'))).toBe('keep the [-old-] {+new+} word');
    const join = (op: string) =>
      wordDiff('a b c', 'a x c')
        .filter((p) => p.op !== op)
        .map((p) => p.text)
        .join('');
    expect(join('add')).toBe('a b c');
    expect(join('del')).toBe('a x c');
  });
});
