// Masks secret values before text leaves the core (logs, errors, the UI).
// Two layers: exact values we know (resolved secrets) and key-shaped patterns we don't.
import type { Logger } from '../env.js';
import { CUT_MARK, encodedForms, redactCutPieces } from './secret-forms.js';

const MIN_SECRET_LENGTH = 6;
const REDACTED = '[redacted]';

// Key-like shapes from the vendors we ship for, plus generic auth headers and query params.
const KEY_PATTERNS: Array<[RegExp, string]> = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-…' + REDACTED],
  [/\bgsk_[A-Za-z0-9]{8,}/g, 'gsk_…' + REDACTED],
  [/\bxai-[A-Za-z0-9_-]{8,}/g, 'xai-…' + REDACTED],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 ' + REDACTED],
  [/([?&\s"']|^)(api[_-]?key|apikey|appid|access_token)=([^&\s"'#]+)/gi, '$1$2=' + REDACTED],
];

// Object keys whose string values are secrets whatever they look like.
const SECRET_KEY_NAME = /(api[_-]?key|apikey|secret|password|passwd|token|authorization)/i;

/** Replace key-shaped substrings, without knowing any actual values. */
export function redactKeyPatterns(text: string): string {
  let out = text;
  for (const [re, replacement] of KEY_PATTERNS) out = out.replace(re, replacement);
  return out;
}

export class Redactor {
  private readonly values = new Set<string>();
  // Each value and its encoded forms, longest first so a secret that contains another is masked whole.
  private sorted: string[] = [];

  add(value: string): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    const needles = new Set<string>();
    for (const v of this.values) for (const form of [v, ...encodedForms(v)]) needles.add(form);
    this.sorted = [...needles].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.sorted) {
      if (out.includes(v)) out = out.split(v).join(REDACTED);
    }
    // A secret cut by a length limit or a chunk boundary: its piece at either edge of the text.
    for (const v of this.values) out = redactCutPieces(out, v, REDACTED, CUT_MARK);
    return redactKeyPatterns(out);
  }

  /**
   * Deep copy of a JSON-like value with every string redacted and, unless `byFieldName` is false,
   * secret-named fields masked. Our own typed payloads (status, events) pass false: a field such as
   * `secretStore: "keychain"` is not a secret, and masking it would break the UI.
   */
  redactDeep<T>(value: T, opts: { byFieldName?: boolean } = {}): T {
    return this.walk(value, new WeakSet(), opts.byFieldName !== false) as T;
  }

  private walk(value: unknown, seen: WeakSet<object>, byName: boolean): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, seen, byName));
    if (value instanceof Error) return { name: value.name, message: this.redact(value.message) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = byName && typeof v === 'string' && v.length > 0 && SECRET_KEY_NAME.test(k) ? REDACTED : this.walk(v, seen, byName);
    }
    return out;
  }
}

/** Wraps a logger so every message and field is redacted before it is written anywhere. */
export function redactingLogger(inner: Logger, redactor: Redactor): Logger {
  const wrap =
    (level: keyof Logger) =>
    (msg: string, fields?: Record<string, unknown>): void =>
      inner[level](redactor.redact(msg), fields ? redactor.redactDeep(fields) : undefined);
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
