// Tolerant JSON reading for config files. VS Code and Cursor files are JSONC (comments,
// trailing commas), so we blank those out before JSON.parse. Blanking keeps every
// character offset intact, which lets us turn JSON.parse's "position N" into line/column.
import { errorMessage } from './errors.js';
import type { ConfigIssue } from './types.js';
import { locateJsonError } from './config-schema-json-locate.js';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; issue: ConfigIssue };

export function parseJsonText(text: string): JsonParseResult {
  if (text.trim() === '') return { ok: false, issue: { path: '', message: 'the file is empty; expected a JSON object' } };
  try {
    return { ok: true, value: JSON.parse(text) }; // fast path: plain JSON, the common case
  } catch {
    // fall through to the tolerant parse
  }
  const cleaned = stripJsonc(text);
  try {
    return { ok: true, value: JSON.parse(cleaned) };
  } catch (err) {
    return { ok: false, issue: { path: '', message: describeJsonError(text, cleaned, err) } };
  }
}

/** Replaces a BOM, comments and trailing commas with spaces (newlines are kept). */
function stripJsonc(text: string): string {
  const out = text.split('');
  if (out[0] === '\uFEFF') out[0] = ' ';
  let i = 0;
  let lastSignificant = -1; // index of the last non-blank char outside comments
  while (i < out.length) {
    const ch = out[i];
    if (ch === '"') {
      i = skipString(out, i);
      lastSignificant = i - 1;
      continue;
    }
    if (ch === '/' && out[i + 1] === '/') {
      while (i < out.length && out[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (ch === '/' && out[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? out.length : end + 2;
      for (; i < stop; i++) if (out[i] !== '\n') out[i] = ' ';
      continue;
    }
    if ((ch === '}' || ch === ']') && lastSignificant >= 0 && out[lastSignificant] === ',') {
      out[lastSignificant] = ' ';
    }
    if (!/\s/.test(ch)) lastSignificant = i;
    i++;
  }
  return out.join('');
}

function skipString(chars: string[], start: number): number {
  let i = start + 1;
  while (i < chars.length) {
    if (chars[i] === '\\') i += 2;
    else if (chars[i] === '"') return i + 1;
    else if (chars[i] === '\n')
      return i; // unterminated; let JSON.parse report it
    else i++;
  }
  return i;
}

function describeJsonError(text: string, cleaned: string, err: unknown): string {
  // Offsets in `cleaned` equal offsets in `text`, because stripping only blanks characters.
  const found = locateJsonError(cleaned);
  if (found) {
    const { line, column } = lineColumn(text, found.offset);
    return `invalid JSON at line ${line}, column ${column}: ${found.reason}`;
  }
  const raw = errorMessage(err);
  return `invalid JSON: ${raw.slice(0, 120)}`;
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Human JSON path: ['servers','memory','args',1] -> servers.memory.args[1]. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(seg))) out += (out ? '.' : '') + String(seg);
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** "number", "null", "array", ... as a person would say it. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Structural equality for JSON-like data; keys whose value is undefined count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}
