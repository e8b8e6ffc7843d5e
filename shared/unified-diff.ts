// A unified diff (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks) of two texts, as `diff -u` prints it, for the
// CLI's import preview and the UI's import review. Built on the line diff the Config page uses.
import { lineDiff } from './line-diff.js';

interface Numbered {
  sign: ' ' | '-' | '+';
  text: string;
  /** 1-based line in the old text (the line before, for an addition) and in the new one. */
  a: number;
  b: number;
}

function number(before: string, after: string): Numbered[] {
  let a = 0;
  let b = 0;
  return lineDiff(before, after).map((d) => {
    if (d.kind === 'same') return { sign: ' ', text: d.text, a: ++a, b: ++b };
    if (d.kind === 'del') return { sign: '-', text: d.text, a: ++a, b };
    return { sign: '+', text: d.text, a, b: ++b };
  });
}

/** Changed lines with `context` unchanged lines around them; groups whose context touches merge, as in diff -u. */
function groups(lines: Numbered[], context: number): Numbered[][] {
  const out: Numbered[][] = [];
  let start = -1;
  let end = -1;
  lines.forEach((l, i) => {
    if (l.sign === ' ') return;
    const from = Math.max(0, i - context);
    const to = Math.min(lines.length - 1, i + context);
    if (start >= 0 && from <= end + 1) {
      end = to;
      return;
    }
    if (start >= 0) out.push(lines.slice(start, end + 1));
    start = from;
    end = to;
  });
  if (start >= 0) out.push(lines.slice(start, end + 1));
  return out;
}

function header(group: Numbered[]): string {
  const olds = group.filter((l) => l.sign !== '+');
  const news = group.filter((l) => l.sign !== '-');
  const first = group[0];
  // An empty side starts at the line before, as diff -u writes it.
  const aStart = olds.length ? olds[0].a : first.a;
  const bStart = news.length ? news[0].b : first.b;
  return `@@ -${aStart},${olds.length} +${bStart},${news.length} @@`;
}

/** '' when the texts are equal. `mask` rewrites each shown line (e.g. to hide key-shaped values). */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  options: { context?: number; mask?: (line: string) => string } = {},
): string {
  if (before === after) return '';
  const mask = options.mask ?? ((l: string) => l);
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  // A final newline on both sides is not a line of its own.
  const trim = (t: string) => (before.endsWith('\n') && after.endsWith('\n') ? t.slice(0, -1) : t);
  for (const g of groups(number(trim(before), trim(after)), options.context ?? 3)) {
    out.push(header(g), ...g.map((l) => `${l.sign}${mask(l.text)}`));
  }
  return out.join('\n') + '\n';
}
