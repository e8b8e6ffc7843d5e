// The core's one way to ask the user something and wait: a tool call's approval today; later a
// child's sampling or elicitation during a call the UI made, or a 2026 `input_required` round.
// A question is pending until it is answered, times out or its asker gives up (signal); every
// change of the pending list is pushed (the `questions` control event), so the UI never polls.
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { PendingQuestion, QuestionAnswer } from '../../../shared/types.js';
import type { TimerHandle, Timers } from '../env.js';

export type AskOutcome = { status: 'answered'; value: QuestionAnswer } | { status: 'timeout' } | { status: 'cancelled' };

/** What the asker says; the broker adds the id and the times. */
export type QuestionInput = Omit<PendingQuestion, 'id' | 'askedAt' | 'expiresAt'>;

export interface AskOptions {
  timeoutMs: number;
  /** Aborting it withdraws the question (the call it was for was cancelled). */
  signal?: AbortSignal;
}

export interface QuestionBrokerOptions {
  /** The core's clock and timers (env.clock), so tests run questions in virtual time. */
  clock: Timers;
  /** Called with the whole pending list after every change. */
  onChange?: (pending: PendingQuestion[]) => void;
  newId?: () => string;
}

interface Entry {
  question: PendingQuestion;
  settle: (outcome: AskOutcome) => void;
}

export class QuestionBroker {
  private readonly open = new Map<string, Entry>();
  private readonly newId: () => string;

  constructor(private readonly opts: QuestionBrokerOptions) {
    this.newId = opts.newId ?? randomUUID;
  }

  ask(input: QuestionInput, { timeoutMs, signal }: AskOptions): Promise<AskOutcome> {
    if (signal?.aborted) return Promise.resolve({ status: 'cancelled' });
    const askedAt = this.opts.clock.now();
    const question: PendingQuestion = { ...input, id: this.newId(), askedAt, expiresAt: askedAt + timeoutMs };
    return new Promise<AskOutcome>((resolve) => {
      const onAbort = () => settle({ status: 'cancelled' });
      const timer: TimerHandle = this.opts.clock.setTimeout(() => settle({ status: 'timeout' }), timeoutMs);
      const settle = (outcome: AskOutcome) => {
        if (this.open.get(question.id)?.settle !== settle) return;
        this.open.delete(question.id);
        this.opts.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
        this.changed();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.open.set(question.id, { question, settle });
      this.changed();
    });
  }

  /** The questions waiting for an answer, oldest first. */
  pending(): PendingQuestion[] {
    return [...this.open.values()].map((e) => e.question);
  }

  /** Answers one question; an answer outside its choices is refused, and so is an unknown (or settled) id. */
  answer(id: string, value: QuestionAnswer): void {
    const entry = this.open.get(id);
    if (!entry) throw new AppError(ErrorCode.QUESTION_NOT_FOUND, `no pending question "${id}" (answered, timed out or withdrawn)`);
    const choices = entry.question.choices.map((c) => c.value);
    if (typeof value !== 'string' || !choices.includes(value)) {
      throw new AppError(ErrorCode.BAD_REQUEST, `the answer must be one of: ${choices.join(', ')}`);
    }
    entry.settle({ status: 'answered', value });
  }

  private changed(): void {
    this.opts.onChange?.(this.pending());
  }
}
