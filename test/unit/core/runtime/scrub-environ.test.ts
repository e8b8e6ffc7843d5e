import { describe, expect, it } from 'vitest';
import { keepsValue, valueRanges } from '../../../../electron/core/runtime/scrub-environ.js';

describe('valueRanges', () => {
  it('finds the value bytes of every variable not kept, and nothing else', () => {
    const block = Buffer.from('PATH=/bin\0OPENAI_API_KEY=sk-abc\0EMPTY=\0NOEQUALS\0LC_ALL=C\0URL=https://u:p@h/x=1\0');
    const ranges = valueRanges(block);
    expect(ranges.map((r) => [r.name, block.toString('utf8', r.start, r.end)])).toEqual([
      ['OPENAI_API_KEY', 'sk-abc'],
      ['URL', 'https://u:p@h/x=1'],
    ]);
  });

  it('reads a block without a final NUL, and multi-byte values by bytes', () => {
    const block = Buffer.from('A=é€\0B=tail');
    const ranges = valueRanges(block, () => false);
    expect(ranges.map((r) => [r.name, r.end - r.start])).toEqual([
      ['A', 5],
      ['B', 4],
    ]);
  });
});

describe('keepsValue (deny by default)', () => {
  it('keeps only names that never hold a secret', () => {
    for (const name of ['PATH', 'HOME', 'LANG', 'LC_CTYPE', 'XDG_RUNTIME_DIR', 'TERM']) expect(keepsValue(name)).toBe(true);
    for (const name of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'DATABASE_URL', 'MCP_ORCHESTRATOR_TOKEN', 'HTTPS_PROXY', 'path']) {
      expect(keepsValue(name)).toBe(false);
    }
  });
});
