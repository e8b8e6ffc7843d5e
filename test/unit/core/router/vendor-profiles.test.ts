import { describe, expect, it } from 'vitest';
import { adaptChat, adaptModel } from '../../../../electron/core/router/vendor-profiles.js';

const msgs = [{ role: 'user' as const, content: 'hi' }];

describe('vendor profiles', () => {
  it('keeps a vendor its own models and swaps in the default for foreign ones', () => {
    const notes: string[] = [];
    expect(adaptModel({ vendor: 'openai' }, 'gpt-4.1', 'gpt-4o-mini', notes)).toBe('gpt-4.1');
    expect(adaptModel({ vendor: 'openai' }, 'llama-3.3-70b-versatile', 'gpt-4o-mini', notes)).toBe('gpt-4o-mini');
    expect(adaptModel({ vendor: 'groq' }, 'o3-mini', 'llama-3.1-8b-instant', notes)).toBe('llama-3.1-8b-instant');
    expect(notes).toHaveLength(2);
  });

  it('leaves Ollama-style tagged names and unknown names alone', () => {
    const notes: string[] = [];
    expect(adaptModel({ vendor: 'local_llama' }, 'gemma2:9b', undefined, notes)).toBe('gemma2:9b');
    expect(adaptModel({ vendor: 'local_llama' }, 'gpt-oss:20b', undefined, notes)).toBe('gpt-oss:20b');
    expect(adaptModel({ vendor: 'groq' }, 'my-finetune', 'llama-3.1-8b-instant', notes)).toBe('my-finetune');
    expect(notes).toEqual([]);
  });

  it('drops a foreign model without a default, letting the vendor choose', () => {
    const out = adaptChat({ vendor: 'local_llama' }, { model: 'gpt-4o-mini' }, msgs);
    expect(out.args).toEqual({ messages: msgs });
    expect(out.notes).toEqual(['local_llama: model "gpt-4o-mini" belongs to openai; using the vendor\'s default']);
  });

  it('passes everything through for an unknown vendor', () => {
    const out = adaptChat({ vendor: 'mistral' }, { temperature: 5, max_tokens: 100_000 }, msgs);
    expect(out).toEqual({ args: { messages: msgs, temperature: 5, max_tokens: 100_000 }, notes: [] });
  });
});
