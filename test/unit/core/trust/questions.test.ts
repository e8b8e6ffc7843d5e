// The question broker in virtual time: answered, timed out, withdrawn by its asker's signal, and every change of
// the pending list pushed; a wrong or late answer is refused.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuestionBroker, type QuestionInput } from '../../../../electron/core/trust/questions.js';
import type { PendingQuestion } from '../../../../shared/types.js';
import { systemClock } from '../../../../electron/core/env.js';

const input: QuestionInput = {
  kind: 'tool-approval',
  title: 'Approve fs__delete?',
  message: 'Allow it?',
  details: { server: 'fs' },
  choices: [
    { value: 'allow-once', label: 'Allow once' },
    { value: 'deny', label: 'Deny' },
  ],
};

function broker() {
  const pushes: PendingQuestion[][] = [];
  let n = 0;
  const b = new QuestionBroker({
    // The system clock on vitest's fake timers: the broker only ever uses what it is given.
    clock: systemClock,
    onChange: (p) => pushes.push(p),
    newId: () => `q${++n}`,
  });
  return { b, pushes };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('QuestionBroker', () => {
  it('lists a question until it is answered, pushing each change', async () => {
    const { b, pushes } = broker();
    const asked = b.ask(input, { timeoutMs: 120_000 });
    expect(b.pending()).toEqual([{ ...input, id: 'q1', askedAt: 1_000_000, expiresAt: 1_120_000 }]);
    b.answer('q1', 'allow-once');
    await expect(asked).resolves.toEqual({ status: 'answered', value: 'allow-once' });
    expect(b.pending()).toEqual([]);
    expect(pushes.map((p) => p.map((q) => q.id))).toEqual([['q1'], []]);
  });

  it('times out after timeoutMs of virtual time, and not before', async () => {
    const { b, pushes } = broker();
    let settled = false;
    const asked = b.ask(input, { timeoutMs: 5_000 }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(asked).resolves.toEqual({ status: 'timeout' });
    expect(b.pending()).toEqual([]);
    expect(pushes.at(-1)).toEqual([]);
    // A late answer finds nothing to answer.
    expect(() => b.answer('q1', 'deny')).toThrow(expect.objectContaining({ code: 'QUESTION_NOT_FOUND' }));
  });

  it('withdraws the question when the asker aborts, and clears its timer', async () => {
    const { b } = broker();
    const controller = new AbortController();
    const asked = b.ask(input, { timeoutMs: 5_000, signal: controller.signal });
    controller.abort();
    await expect(asked).resolves.toEqual({ status: 'cancelled' });
    expect(b.pending()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers an already aborted ask at once without listing it', async () => {
    const { b, pushes } = broker();
    await expect(b.ask(input, { timeoutMs: 5_000, signal: AbortSignal.abort() })).resolves.toEqual({ status: 'cancelled' });
    expect(pushes).toEqual([]);
  });

  it('refuses an answer outside the choices and keeps the question pending', async () => {
    const { b } = broker();
    const asked = b.ask(input, { timeoutMs: 5_000 });
    expect(() => b.answer('q1', 'allow-forever')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => b.answer('q1', { decision: 'deny' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(b.pending()).toHaveLength(1);
    b.answer('q1', 'deny');
    await expect(asked).resolves.toEqual({ status: 'answered', value: 'deny' });
  });

  it('keeps several questions apart', async () => {
    const { b } = broker();
    const first = b.ask(input, { timeoutMs: 5_000 });
    const second = b.ask({ ...input, title: 'second' }, { timeoutMs: 10_000 });
    expect(b.pending().map((q) => q.id)).toEqual(['q1', 'q2']);
    b.answer('q2', 'deny');
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(first).resolves.toEqual({ status: 'timeout' });
    await expect(second).resolves.toEqual({ status: 'answered', value: 'deny' });
  });
});
