// One routed call of a 2026-07-28 client that may outlive its HTTP request: a 2025 child asks the client a
// question (sampling, elicitation, roots) by a server→client request, which a 2026 client cannot receive. The call
// keeps running; its questions are shown to the client as an input_required result, and the client's retry with the
// answers resolves them, so the child sees an ordinary reply. Between rounds the call is parked (held-calls.ts).
import type { Timers } from '../../env.js';
import type { Result } from '../../sdk/types.js';

/** A child's request waiting for the client's answer, under the key the client sees in inputRequests. */
interface Ask {
  key: string;
  request: { method: string; params?: Record<string, unknown> };
  answer: (r: Result) => void;
  fail: (e: Error) => void;
}

export type Step<T> =
  | { kind: 'done'; value: T }
  | { kind: 'failed'; error: unknown }
  | { kind: 'ask'; inputRequests: Record<string, { method: string; params?: Record<string, unknown> }> };

/** Where the current round sends what the call emits (progress, logs): the latest HTTP request of the client. */
export type RoundSink = (notification: { method: string; params?: Record<string, unknown> }) => void;

/** The SDK's RequestTimeout code, which askers (trust/approval-ask.ts) read as "nobody answered in time". */
const TIMEOUT_CODE = -32001;

const SHORT: Record<string, string> = { 'sampling/createMessage': 'sampling', 'elicitation/create': 'elicitation', 'roots/list': 'roots' };

export class HeldCall<T> {
  readonly abort = new AbortController();
  /** Rounds so far; a new requestState is minted for each so a stale one cannot be replayed. */
  round = 0;
  private readonly asks = new Map<string, Ask>();
  private outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private seq = 0;
  private sink: RoundSink = () => undefined;

  constructor(
    private readonly clock: Timers,
    readonly id: string,
    /** Whose call it is (credential) and what it is (endpoint, method, name): a retry must match both. */
    readonly owner: string,
    readonly scope: string,
  ) {}

  start(run: (signal: AbortSignal) => Promise<T>): void {
    run(this.abort.signal).then(
      (value) => this.settle({ ok: true, value }),
      (error: unknown) => this.settle({ ok: false, error }),
    );
  }

  setSink(sink: RoundSink): void {
    this.sink = sink;
  }

  emit(notification: { method: string; params?: Record<string, unknown> }): void {
    this.sink(notification);
  }

  /**
   * The child's request, as the call's DownstreamLink.sendRequest; answered by a later round. `timeoutMs` is the
   * asker's own limit (an approval question has a shorter one than the hold): past it the asker gets the SDK's
   * timeout error (-32001), as a 2025 session's request would.
   */
  ask(
    request: { method: string; params?: Record<string, unknown> },
    opts: { signal?: AbortSignal; timeoutMs?: number; key?: string } = {},
  ): Promise<Result> {
    const { signal, timeoutMs } = opts;
    return new Promise<Result>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      // A 2026 child's own key is kept (the client's answers are then the child's); ours otherwise, or on a clash.
      const key = opts.key && !this.asks.has(opts.key) ? opts.key : `${SHORT[request.method] ?? 'input'}_${++this.seq}`;
      const give = (fn: () => void) => {
        if (!this.asks.delete(key)) return;
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) this.clock.clearTimeout(timer);
        fn();
      };
      const onAbort = () => give(() => reject(signal?.reason as Error));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeoutMs === undefined
          ? undefined
          : this.clock.setTimeout(
              () => give(() => reject(Object.assign(new Error('Request timed out'), { code: TIMEOUT_CODE }))),
              timeoutMs,
            );
      this.asks.set(key, {
        key,
        request,
        answer: (r) => give(() => resolve(r)),
        fail: (e) => give(() => reject(e)),
      });
      this.poke();
    });
  }

  /** The client's inputResponses: each answers the question with that key; unknown keys are ignored. */
  answer(responses: Record<string, unknown> | undefined): void {
    for (const [key, value] of Object.entries(responses ?? {})) {
      const ask = this.asks.get(key);
      // answer() takes the question off the list itself.
      if (ask && value !== null && typeof value === 'object') ask.answer(value as Result);
    }
  }

  /**
   * Waits until the call ends or has questions. Questions a child sends together (the SDK's shim sends a round's
   * requests at once) arrive a moment apart, so after the first one the call waits `gatherMs` for the rest.
   */
  async next(clock: Timers, gatherMs: number, signal: AbortSignal): Promise<Step<T>> {
    for (;;) {
      while (!this.outcome && this.asks.size === 0) await this.changed(signal);
      if (!this.outcome) await clock.sleep(gatherMs, signal).catch(() => undefined);
      if (signal.aborted) throw signal.reason;
      const o = this.outcome;
      if (o) return o.ok ? { kind: 'done', value: o.value } : { kind: 'failed', error: o.error };
      if (this.asks.size > 0) {
        const inputRequests = Object.fromEntries([...this.asks.values()].map((a) => [a.key, a.request]));
        return { kind: 'ask', inputRequests };
      }
      // The questions went away while gathering (their asker gave up): wait for what the call does next.
    }
  }

  /** The client cannot take a question the child asked: the client's request fails with `error`, and the call ends. */
  refuseClient(error: Error): void {
    if (this.outcome) return;
    this.settle({ ok: false, error });
    this.cancel(error);
  }

  /** Ends the call: the child's call is cancelled and its open questions fail. */
  cancel(reason: Error): void {
    this.abort.abort(reason);
    for (const ask of this.asks.values()) ask.fail(reason);
    this.asks.clear();
  }

  private settle(outcome: NonNullable<HeldCall<T>['outcome']>): void {
    this.outcome = outcome;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private changed(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }
}
