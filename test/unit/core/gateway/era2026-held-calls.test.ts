// The parked calls of 2026 clients between input_required rounds, in virtual time: a round shows every question a
// child sent together, answers resume the child, a parked call expires and its child is cancelled, and a client
// that never returns fills only its own budget.
import { describe, expect, it } from 'vitest';
import { HeldCalls } from '../../../../electron/core/gateway/era2026/held-calls.js';
import type { HeldCall } from '../../../../electron/core/gateway/era2026/held-call.js';
import { TestClock } from '../../../helpers/test-clock.js';

const LIMITS = { holdMs: 60_000, perOwner: 2, total: 3, gatherMs: 25 };

/** A call whose "child" asks the questions given, then returns their answers joined. */
function started(held: HeldCalls, owner: string, questions: string[]): { call: HeldCall<string>; cancelled: () => boolean } {
  const call = held.create<string>(owner, 'scope');
  let aborted = false;
  call.start(async (signal) => {
    signal.addEventListener('abort', () => (aborted = true));
    const answers = await Promise.all(questions.map((q) => call.ask({ method: 'elicitation/create', params: { message: q } })));
    return answers.map((a) => String((a as { content?: { v?: string } }).content?.v)).join(',');
  });
  return { call, cancelled: () => aborted };
}

describe('held 2026 calls', () => {
  it('shows the questions a child sends together in one round, and resumes it with the answers', async () => {
    const clock = new TestClock();
    const held = new HeldCalls(clock, LIMITS);
    const { call } = started(held, 'me', ['a', 'b']);
    const step = call.next(clock, LIMITS.gatherMs, new AbortController().signal);
    await clock.advance(LIMITS.gatherMs);
    const round = await step;
    expect(round.kind).toBe('ask');
    const keys = round.kind === 'ask' ? Object.keys(round.inputRequests) : [];
    expect(keys).toHaveLength(2);
    held.park(call);
    const again = held.take<string>(call.id, 'me', 'scope')!;
    again.answer({ [keys[0]]: { action: 'accept', content: { v: '1' } }, [keys[1]]: { action: 'accept', content: { v: '2' } }, junk: 1 });
    await expect(again.next(clock, LIMITS.gatherMs, new AbortController().signal)).resolves.toEqual({ kind: 'done', value: '1,2' });
  });

  it('is found only by its owner and scope', () => {
    const held = new HeldCalls(new TestClock(), LIMITS);
    const { call } = started(held, 'me', ['a']);
    held.park(call);
    expect(held.take(call.id, 'someone-else', 'scope')).toBeUndefined();
    expect(held.take(call.id, 'me', 'another request')).toBeUndefined();
    expect(held.take(call.id, 'me', 'scope')).toBe(call);
  });

  it('cancels a parked call whose client does not come back in time', async () => {
    const clock = new TestClock();
    const held = new HeldCalls(clock, LIMITS);
    const { call, cancelled } = started(held, 'me', ['a']);
    held.park(call);
    await clock.advance(LIMITS.holdMs - 1);
    expect(held.size()).toBe(1);
    await clock.advance(1);
    expect(held.size()).toBe(0);
    expect(cancelled()).toBe(true);
    expect(held.take(call.id, 'me', 'scope')).toBeUndefined();
  });

  it("makes room in a client's own budget first, and refuses when every slot is taken", () => {
    const held = new HeldCalls(new TestClock(), LIMITS);
    const mine = [started(held, 'greedy', ['a']), started(held, 'greedy', ['a']), started(held, 'greedy', ['a'])];
    for (const { call } of mine) held.park(call);
    // The greedy client's oldest call made way for its third; nobody else's was touched.
    expect(mine.map((m) => m.cancelled())).toEqual([true, false, false]);
    const other = started(held, 'polite', ['a']);
    held.park(other.call);
    expect(held.size()).toBe(3);
    const late = started(held, 'third', ['a']);
    expect(() => held.park(late.call as HeldCall<unknown>)).toThrow(/too many/);
    expect(late.cancelled()).toBe(true);
    expect(other.cancelled()).toBe(false);
  });

  it("ends the client's request and the child's call when the client cannot take a question", async () => {
    const clock = new TestClock();
    const held = new HeldCalls(clock, LIMITS);
    const { call, cancelled } = started(held, 'me', ['a']);
    call.refuseClient(new Error('needs sampling'));
    const step = await call.next(clock, LIMITS.gatherMs, new AbortController().signal);
    expect(step).toMatchObject({ kind: 'failed', error: new Error('needs sampling') });
    expect(cancelled()).toBe(true);
  });
});

describe("a question's own time limit", () => {
  it('fails the question with the SDK timeout code when the asker set a limit and nobody answered', async () => {
    const clock = new TestClock();
    const held = new HeldCalls(clock, LIMITS);
    const call = held.create<string>('me', 'scope');
    const asked = call.ask({ method: 'elicitation/create', params: { message: 'approve?' } }, { timeoutMs: 1_000 });
    const outcome = asked.then(
      () => 'answered',
      (e: { code?: number }) => e.code,
    );
    const step = call.next(clock, LIMITS.gatherMs, new AbortController().signal);
    await clock.advance(LIMITS.gatherMs);
    expect((await step).kind).toBe('ask');
    await clock.advance(1_000 - LIMITS.gatherMs - 1);
    let settled = false;
    void outcome.then(() => (settled = true));
    await clock.advance(0);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await outcome).toBe(-32001);
    // An answer after the limit changes nothing.
    call.answer({ elicitation_1: { action: 'accept' } });
    expect(await outcome).toBe(-32001);
  });

  it('goes on waiting when a question is withdrawn while the round is being gathered', async () => {
    const clock = new TestClock();
    const held = new HeldCalls(clock, LIMITS);
    const call = held.create<string>('me', 'scope');
    call.start(() =>
      call.ask({ method: 'roots/list' }, { timeoutMs: 10 }).then(
        () => 'answered',
        () => 'gave up',
      ),
    );
    const step = call.next(clock, LIMITS.gatherMs, new AbortController().signal);
    await clock.advance(LIMITS.gatherMs);
    await expect(step).resolves.toEqual({ kind: 'done', value: 'gave up' });
  });
});
