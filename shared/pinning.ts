// Issue 22 pinning, the parts both sides need: the modes, each server's default, and a word-level diff of two
// descriptions for the review (the CLI prints it, the UI colours it).
import type { PinningMode, ServerConfig, WordDiffPart } from './types.js';

export const PINNING_MODES = ['strict', 'warn', 'off'] as const satisfies readonly PinningMode[];

/** Strict for every server but the built-ins, which ship with the app (their definitions are ours). */
export function pinningMode(server: Pick<ServerConfig, 'pinning' | 'builtin'>): PinningMode {
  return server.pinning ?? (server.builtin !== undefined ? 'off' : 'strict');
}

/** Above this many word pairs the table would be large; show "all removed, all added" instead. */
const MAX_CELLS = 1_000_000;

/** Words and the whitespace after them, so joining the parts gives the texts back exactly. */
function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A word diff of `before` → `after` (longest common subsequence over words); consecutive parts of one kind merge. */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  const a = words(before);
  const b = words(after);
  const out: WordDiffPart[] = [];
  const push = (op: WordDiffPart['op'], text: string) => {
    const last = out[out.length - 1];
    if (last?.op === op) last.text += text;
    else out.push({ op, text });
  };
  if (a.length * b.length > MAX_CELLS) {
    if (before) push('del', before);
    if (after) push('add', after);
    return out;
  }
  // Compared without trailing whitespace, so a word that moved to the end of a line still matches.
  const key = (w: string) => w.trimEnd();
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = key(a[i]) === key(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && key(a[i]) === key(b[j])) {
      push('same', b[j]);
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      push('del', a[i++]);
    } else {
      push('add', b[j++]);
    }
  }
  return out;
}

/** The diff as plain text: removed words as [-…-], added ones as {+…+} (git's --word-diff=plain). */
export function wordDiffText(parts: readonly WordDiffPart[]): string {
  return parts
    .map((p) =>
      p.op === 'same' ? p.text : p.op === 'add' ? `{+${p.text.trimEnd()}+}${tail(p.text)}` : `[-${p.text.trimEnd()}-]${tail(p.text)}`,
    )
    .join('');
}

function tail(text: string): string {
  return text.slice(text.trimEnd().length);
}
