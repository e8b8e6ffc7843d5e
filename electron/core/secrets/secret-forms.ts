// The other shapes a known secret takes in text: encoded (base64 at any byte alignment, in
// either alphabet; URL-encoded; JSON-escaped) and cut (a line limit or a chunk boundary leaves
// a prefix at a text's end or a suffix at its start).

/** Shortest encoded form or cut piece worth masking; shorter ones would match ordinary text. */
const MIN_PIECE = 12;
const MIN_FORM = 8;
/** What a line clamped to its byte limit ends with (supervisor/log-buffer.ts); a secret cut there is still masked. */
export const CUT_MARK = ' …[cut]';

/**
 * The base64 text that encodes `value` wherever it sits in a larger encoded blob: one core per
 * byte alignment, without the characters that also depend on neighbouring bytes.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value);
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const core = enc.slice(Math.ceil((pad * 8) / 6), Math.floor(((pad + bytes.length) * 8) / 6));
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

const jsonEscaped = (v: string) => JSON.stringify(v).slice(1, -1);

/** Encoded forms of `value` that differ from it, longest first (JSON escaping once and twice: JSON inside JSON). */
export function encodedForms(value: string): string[] {
  const json = jsonEscaped(value);
  const forms = new Set<string>([...base64Cores(value), encodeURIComponent(value), json, jsonEscaped(json)]);
  forms.delete(value);
  return [...forms].filter((f) => f.length >= MIN_FORM).sort((a, b) => b.length - a.length);
}

/**
 * Masks a piece of `secret` that a cut left behind: a prefix (at least MIN_PIECE long) that runs
 * to the end of `text` or to a cut mark, or a suffix that starts `text`.
 */
export function redactCutPieces(text: string, secret: string, mask: string, cutMark: string): string {
  if (secret.length <= MIN_PIECE) return text;
  let out = text;
  const head = secret.slice(0, MIN_PIECE);
  const at = out.lastIndexOf(head);
  if (at >= 0) {
    const tail = out.endsWith(cutMark) ? out.slice(at, out.length - cutMark.length) : out.slice(at);
    if (secret.startsWith(tail)) out = out.slice(0, at) + mask + out.slice(at + tail.length);
  }
  const end = out.indexOf(secret.slice(-MIN_PIECE));
  if (end >= 0) {
    const piece = out.slice(0, end + MIN_PIECE);
    if (piece.length < secret.length && secret.endsWith(piece)) out = mask + out.slice(piece.length);
  }
  return out;
}
