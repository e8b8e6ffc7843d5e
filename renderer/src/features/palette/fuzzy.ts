// Fuzzy matching for the command palette: the query's letters must appear in order; runs of adjacent
// letters and letters at word starts score higher, so "stwea" ranks "Stop weather" above "Set ... wear".

const WORD_BREAK = /[\s_\-/.:·]/;

/** A score (higher is better) or null when the query's letters do not all appear in order. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let from = 0;
  let prev = -2;
  for (const ch of q) {
    const i = t.indexOf(ch, from);
    if (i < 0) return null;
    score += i === prev + 1 ? 3 : 1;
    if (i === 0 || WORD_BREAK.test(t[i - 1])) score += 2;
    prev = i;
    from = i + 1;
  }
  // Among equal matches, the shorter text is the closer one.
  return score - t.length / 1000;
}

/** The items whose text matches, best first; ties keep their given order. */
export function fuzzyRank<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (!query.trim()) return [...items];
  return items
    .map((item, i) => ({ item, i, score: fuzzyScore(query, text(item)) }))
    .filter((x): x is { item: T; i: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.item);
}
