// Encoded and cut forms of a known secret are masked too (base64 at any alignment and in both
// alphabets, URL-encoded, JSON-escaped; a prefix left by a length limit, a suffix after a split).
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../../electron/core/secrets/redact.js';
import { encodedForms } from '../../../../electron/core/secrets/secret-forms.js';
import { clampLine } from '../../../../electron/core/supervisor/log-buffer.js';
import { CUT_MARK } from '../../../../electron/core/secrets/secret-forms.js';

const SECRET = 'Zq9/vT+w8"x&y=1 plain-key-material';

function redactor(): Redactor {
  const r = new Redactor();
  r.add(SECRET);
  return r;
}

describe('Redactor: encoded forms', () => {
  it.each([0, 1, 2, 3, 7])('masks the secret base64-encoded inside a larger blob (prefix of %i bytes), both alphabets', (n) => {
    const blob = Buffer.from(`${'u'.repeat(n)}user:${SECRET}@host`);
    for (const enc of [blob.toString('base64'), blob.toString('base64url')]) {
      const out = redactor().redact(`Authorization: Basic ${enc}`);
      expect(out).toContain('[redacted]');
      // What is left cannot be decoded back to the secret or to any 12-character piece of it.
      const decoded = Buffer.from(out.replace('Authorization: Basic ', '').replace('[redacted]', ''), 'base64').toString('latin1');
      expect(decoded).not.toContain(SECRET.slice(0, 12));
    }
  });

  it('masks the URL-encoded and the JSON-escaped secret', () => {
    const url = `https://h/x?token=${encodeURIComponent(SECRET)}&q=1`;
    expect(redactor().redact(url)).toBe('https://h/x?token=[redacted]&q=1');
    const json = JSON.stringify({ nested: JSON.stringify({ key: SECRET }) });
    expect(redactor().redact(json)).not.toContain('plain-key-material');
  });

  it('adds no form shorter than 8 characters and never the value itself', () => {
    const forms = encodedForms('abcdef');
    expect(forms.every((f) => f.length >= 8 && f !== 'abcdef')).toBe(true);
  });
});

describe('Redactor: cut secrets', () => {
  it('masks a prefix of at least 12 characters that a line limit left before the cut mark', () => {
    const line = clampLine(`${'a'.repeat(8192 - 24)} ${SECRET}`);
    expect(line.endsWith(CUT_MARK)).toBe(true);
    const out = redactor().redact(line);
    expect(out).not.toContain(SECRET.slice(0, 12));
    expect(out.endsWith(`[redacted]${CUT_MARK}`)).toBe(true);
  });

  it('masks a prefix at the end of a text and a suffix at the start of the next (a split line)', () => {
    const r = redactor();
    const cut = 15;
    expect(r.redact(`first piece ${SECRET.slice(0, cut)}`)).toBe('first piece [redacted]');
    expect(r.redact(`${SECRET.slice(cut)} second piece`)).toBe('[redacted] second piece');
  });

  it('leaves pieces shorter than 12 characters and unrelated text alone', () => {
    const r = redactor();
    expect(r.redact(`ends with ${SECRET.slice(0, 11)}`)).toBe(`ends with ${SECRET.slice(0, 11)}`);
    expect(r.redact('nothing to see here')).toBe('nothing to see here');
  });
});
