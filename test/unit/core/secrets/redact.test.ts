import { describe, expect, it } from 'vitest';
import { Redactor, redactKeyPatterns } from '../../../../electron/core/secrets/redact.js';

describe('Redactor', () => {
  it('masks known values anywhere in text, longest first', () => {
    const r = new Redactor();
    r.add('hunter2-secret');
    r.add('hunter2-secret-longer');
    expect(r.redact('a hunter2-secret-longer b hunter2-secret c')).toBe('a [redacted] b [redacted] c');
  });

  it('ignores values shorter than 6 characters', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('');
    expect(r.size).toBe(0);
    expect(r.redact('abc abc')).toBe('abc abc');
  });

  it.each([
    ['key sk-proj-ABCdef123_456-xyz here', 'key sk-…[redacted] here'],
    ['groq gsk_abcdefgh12345678', 'groq gsk_…[redacted]'],
    ['xai-AbCdEf123456 trailing', 'xai-…[redacted] trailing'],
    ['Authorization: Bearer eyJhbGciOi.JIUzI1.NiJ9', 'Authorization: Bearer [redacted]'],
    ['GET /x?q=1&api_key=abcdef123&z=2', 'GET /x?q=1&api_key=[redacted]&z=2'],
    ['https://h/w?apikey=SECRET99', 'https://h/w?apikey=[redacted]'],
    ['/data/2.5/weather?q=London&appid=0123456789abcdef', '/data/2.5/weather?q=London&appid=[redacted]'],
  ])('masks key-like pattern in %s', (input, expected) => {
    expect(redactKeyPatterns(input)).toBe(expected);
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'task-runner ask-me sk- short sk-abc Bearer x';
    expect(new Redactor().redact(text)).toBe(text);
  });

  it('redacts structured objects deeply without mutating them', () => {
    const r = new Redactor();
    r.add('my-db-password');
    const input = {
      msg: 'connect with my-db-password',
      nested: [{ note: 'sk-abcdefghijklmnop' }, 42, null],
      headers: { Authorization: 'Basic xyz', 'x-api-key': 'plain' },
      token: 'anything',
      ok: true,
    };
    const out = r.redactDeep(input);
    expect(out).toEqual({
      msg: 'connect with [redacted]',
      nested: [{ note: 'sk-…[redacted]' }, 42, null],
      headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
      token: '[redacted]',
      ok: true,
    });
    expect(input.msg).toBe('connect with my-db-password');
  });

  it('handles cycles and errors', () => {
    const r = new Redactor();
    r.add('supersecret');
    const a: Record<string, unknown> = { e: new Error('failed: supersecret') };
    a.self = a;
    expect(r.redactDeep(a)).toEqual({ e: { name: 'Error', message: 'failed: [redacted]' }, self: '[circular]' });
  });
});
