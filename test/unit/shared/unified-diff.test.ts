import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../shared/unified-diff.js';

const labels = { from: 'a.json', to: 'b.json' };
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('x\n', 'x\n', labels)).toBe('');
  });

  it('writes diff -u hunks: headers with both line ranges, three lines of context', () => {
    const before = lines(10).join('\n') + '\n';
    const after = [...lines(5), 'new', ...lines(10).slice(5)].join('\n') + '\n';
    expect(unifiedDiff(before, after, labels)).toBe(
      ['--- a.json', '+++ b.json', '@@ -3,6 +3,7 @@', ' line 3', ' line 4', ' line 5', '+new', ' line 6', ' line 7', ' line 8', ''].join(
        '\n',
      ),
    );
  });

  it('keeps distant changes in separate hunks and merges near ones', () => {
    const before = lines(20).join('\n');
    const after = lines(20)
      .map((l, i) => (i === 1 || i === 17 ? `${l}!` : l))
      .join('\n');
    const out = unifiedDiff(before, after, labels);
    expect(out.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    const near = lines(20)
      .map((l, i) => (i === 1 || i === 6 ? `${l}!` : l))
      .join('\n');
    expect(unifiedDiff(before, near, labels).match(/^@@ .* @@$/gm)).toEqual(['@@ -1,10 +1,10 @@']);
  });

  it('applies the mask to every shown line', () => {
    expect(unifiedDiff('a\n', 'secret\n', labels, { mask: (l) => l.replace('secret', '***') })).toContain('+***');
  });
});
