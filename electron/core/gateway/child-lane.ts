// The pipeline's requests to a 2025-era stdio child, sent and answered without the SDK Client's
// per-request machinery. Profiled under load, each forwarded call paid there for a promise
// executor with six closures, copies of the request, a timer, an abort listener, the era codec's
// decode, an async schema check and a deferral in reply-order.ts: together the largest share of
// the gateway's own CPU per call after Node's HTTP, and much of its garbage. Here a request is one
// record in a map; every timeout shares one timer (deadlines are kept in order); the reply is
// checked by the same lean result schema, synchronously.
//
// Everything else about the child stays the SDK Client's: the handshake, lists, pings, the child's
// own requests (sampling, elicitation, roots), notifications, and a request that wants progress.
// The lane's messages go through the transport's wrappers like the Client's (the protocol log,
// the message-size limit, one write per event-loop turn), and its ids never meet the Client's.
// What a client sees is the same either way: the result, or the same error the SDK Client
// reports (timeout, cancellation, closed connection, invalid result, the child's own error).
import { childError, connectionClosed, invalidResult, requestCancelled, requestTimedOut } from '../sdk/client-errors.js';
import type { Client } from '../sdk/client.js';
import { forLegacySession } from '../sdk/modern-requests.js';
import type { Transport } from '../sdk/shared.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { StandardSchemaV1 } from '../sdk/validation.js';
import type { TimerHandle, Timers } from '../env.js';
import type { ForwardOptions } from '../wire/forward-options.js';
import { isStdioPipe } from './stdio-pipe.js';

/** Far above the SDK Client's ids (it counts up from 0 per connection): the two never meet on one pipe. */
const FIRST_ID = 2 ** 40;

type Params = Record<string, unknown>;

/** How a caller's abort reaches the lane: `onAbort` when the caller has it (no AbortSignal made for it), else `signal`. */
export type LaneCancel = Pick<ForwardOptions, 'signal' | 'onAbort'>;

interface Pending {
  method: string;
  schema: StandardSchemaV1;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
  timeout: number;
  /** On the wire already: a cancel tells the child. */
  sent: boolean;
  /** Stops listening for the caller's abort. */
  off: (() => void) | undefined;
}

type Issues = readonly StandardSchemaV1.Issue[];
const failed = (r: StandardSchemaV1.Result<unknown>): Issues | undefined =>
  r.issues !== undefined && r.issues.length > 0 ? r.issues : undefined;

export class ChildLane {
  private nextId = FIRST_ID;
  private readonly pending = new Map<number, Pending>();
  private timer: TimerHandle | undefined;
  /** The deadline the timer is set for (Infinity: none). */
  private armedFor = Infinity;

  private constructor(
    private readonly client: Client,
    private readonly transport: Transport,
    private readonly timers: Timers,
  ) {
    // Replies to the lane's ids end here; every other message goes on to the Client as before.
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (!this.take(message)) deliver?.call(transport, message, extra);
    };
    const closed = transport.onclose;
    transport.onclose = () => {
      try {
        closed?.call(transport);
      } finally {
        this.closeAll();
      }
    };
  }

  /** A lane for a connected client whose transport is a stdio pipe; undefined for any other child. */
  static attach(client: Client, timers: Timers): ChildLane | undefined {
    const transport = client.transport;
    if (!transport || !isStdioPipe(transport) || !transport.onmessage) return undefined;
    return new ChildLane(client, transport, timers);
  }

  /** True while the child is on this connection and speaks a 2025 revision (a 2026 child's rounds are the SDK's). */
  usable(): boolean {
    return this.client.transport === this.transport && this.client.getProtocolEra() === 'legacy';
  }

  /** Requests in flight (tests read it). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** `timeout` in ms, as the SDK Client's option. */
  request<T>(method: string, params: Params, schema: StandardSchemaV1, timeout: number, cancel?: LaneCancel): Promise<T> {
    const id = this.nextId++;
    const message = forLegacySession({ jsonrpc: '2.0' as const, id, method, params });
    return new Promise<T>((resolve, reject) => {
      const deadline = this.timers.now() + timeout;
      const p: Pending = {
        method,
        schema,
        resolve: resolve as (v: unknown) => void,
        reject,
        deadline,
        timeout,
        sent: false,
        off: undefined,
      };
      this.pending.set(id, p);
      if (cancel?.onAbort) p.off = cancel.onAbort((reason) => this.cancel(id, reason));
      else if (cancel?.signal) p.off = this.listen(id, cancel.signal);
      // Aborted already: rejected as the SDK Client rejects it, and nothing was sent.
      if (!this.pending.has(id)) return;
      if (deadline < this.armedFor) this.arm(deadline);
      p.sent = true;
      this.transport.send(message as JSONRPCMessage).catch((err: unknown) => {
        if (this.settle(id)) reject(err);
      });
    });
  }

  /** Takes a reply to one of the lane's requests; false for every other message. */
  private take(message: JSONRPCMessage): boolean {
    const m = message as { id?: unknown; method?: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (typeof m.id !== 'number' || m.id < FIRST_ID || m.method !== undefined) return false;
    const p = this.settle(m.id);
    // Unknown: it timed out or was cancelled here already, and was answered by then.
    if (!p) return true;
    if (m.error !== undefined) {
      p.reject(childError(m.error));
      return true;
    }
    let result = m.result;
    // A 2025 connection's decode, as the SDK's: a stray `resultType` is not part of the result.
    if (result !== null && typeof result === 'object' && 'resultType' in result) {
      const { resultType: _dropped, ...rest } = result as Params;
      result = rest;
    }
    const checked = p.schema['~standard'].validate(result);
    if (checked instanceof Promise) checked.then((r) => this.finish(p, r), p.reject);
    else this.finish(p, checked);
    return true;
  }

  private finish(p: Pending, r: StandardSchemaV1.Result<unknown>): void {
    const issues = failed(r);
    if (issues) p.reject(invalidResult(p.method, issues));
    else p.resolve((r as StandardSchemaV1.SuccessResult<unknown>).value);
  }

  private listen(id: number, signal: AbortSignal): (() => void) | undefined {
    if (signal.aborted) {
      this.cancel(id, signal.reason);
      return undefined;
    }
    const onAbort = () => this.cancel(id, signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  /** Forgets request `id`: its entry, or undefined when it was settled already. */
  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    p.off?.();
    return p;
  }

  /** As the SDK Client cancels: the child is told (notifications/cancelled, with `reason` as text), the caller gets it as an error. */
  private cancel(id: number, reason: unknown): void {
    const p = this.settle(id);
    if (!p) return;
    if (p.sent) {
      const notice = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: id, reason: String(reason) } };
      this.transport.send(notice as JSONRPCMessage).catch(() => undefined);
    }
    p.reject(requestCancelled(reason));
  }

  private arm(deadline: number): void {
    this.timers.clearTimeout(this.timer);
    this.armedFor = deadline;
    this.timer = this.timers.setTimeout(() => this.expire(), Math.max(0, deadline - this.timers.now()));
    // A pending request keeps the pipe (and the process) busy anyway; the timer alone need not.
    this.timer.unref();
  }

  /** Times out every request past its deadline, then waits for the next deadline. */
  private expire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.timers.now();
    let next = Infinity;
    for (const [id, p] of this.pending) {
      if (p.deadline <= now) this.cancel(id, requestTimedOut(p.timeout));
      else if (p.deadline < next) next = p.deadline;
    }
    if (next < Infinity) this.arm(next);
  }

  private closeAll(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    const error = connectionClosed();
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }
}
