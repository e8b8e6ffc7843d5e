// Unknown keys in a server entry are errors (a typo such as `requried_env` must not load silently),
// except the keys other MCP clients write into the same files, which we accept and ignore.
import type { ConfigIssue } from './types.js';
import { issueAt } from './config-schema-issues.js';

/**
 * Keys other clients put in server entries, tolerated so their files import as they are:
 * Cline / Roo Code `alwaysAllow`, `autoApprove`, `transportType`; VS Code `envFile`, `dev`, `gallery`, `version`.
 * They mean nothing here (env files are not read: name the variables in `env` or `required_env`).
 */
export const FOREIGN_ENTRY_KEYS: readonly string[] = [
  'alwaysAllow',
  'autoApprove',
  'transportType',
  'envFile',
  'dev',
  'gallery',
  'version',
];

/** Edit distance, for the "did you mean" hint. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return row[b.length];
}

/** The closest known key, when close enough to be a likely typo (case and `-`/`_` slips included). */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const norm = (k: string) => k.toLowerCase().replace(/[-_]/g, '');
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = norm(k) === norm(key) ? 0 : distance(key.toLowerCase(), k.toLowerCase());
    if (!best || d < best.d) best = { key: k, d };
  }
  return best && best.d <= Math.max(1, Math.floor(key.length / 3)) ? best.key : undefined;
}

/** Pushes one issue per unknown key of `value`, at its JSON path, with a hint when a known key is close. */
export function checkUnknownKeys(value: unknown, known: readonly string[], at: readonly PropertyKey[], issues: ConfigIssue[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (known.includes(key) || FOREIGN_ENTRY_KEYS.includes(key)) continue;
    const hint = closestKey(key, known);
    issues.push(
      issueAt([...at, key], `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ''} (a server entry takes: ${known.join(', ')})`),
    );
  }
}
