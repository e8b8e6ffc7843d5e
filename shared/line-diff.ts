// A line diff for "review before Save". Config files are small (hundreds of lines), so the plain
// O(n·m) longest-common-subsequence table is fast enough and keeps this dependency-free.
export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
  /** 1-based line number in the old (del/same) or new (add) text. */
  line: number;
}

/** Above this many cells the table would be large; fall back to "everything changed". */
const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text, i) => ({ kind: 'del' as const, text, line: i + 1 })),
      ...b.map((text, i) => ({ kind: 'add' as const, text, line: i + 1 })),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..].
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], line: i + 1 });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removals before additions, as diff tools show a replaced line.
      out.push({ kind: 'del', text: a[i], line: i + 1 });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j], line: j + 1 });
      j++;
    }
  }
  return out;
}

/** Only changed lines with `context` unchanged lines around them; gaps become null (shown as "…"). */
export function hunks(diff: DiffLine[], context = 2): Array<DiffLine | null> {
  const keep = diff.map(() => false);
  diff.forEach((d, idx) => {
    if (d.kind === 'same') return;
    for (let k = Math.max(0, idx - context); k <= Math.min(diff.length - 1, idx + context); k++) keep[k] = true;
  });
  const out: Array<DiffLine | null> = [];
  diff.forEach((d, idx) => {
    if (keep[idx]) out.push(d);
    else if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
  });
  if (out[out.length - 1] === null) out.pop();
  return out;
}
