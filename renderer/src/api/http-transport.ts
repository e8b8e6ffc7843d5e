// HTTP transport for the headless `serve` command: POST /api/<method> with {args}, and
// server-sent events read through fetch (EventSource cannot send an Authorization header).
import { Emitter } from '../../../shared/emitter.js';
import { CONTROL_EVENTS, HTTP_API_PREFIX } from '../../../shared/contract.js';
import type { ControlEventListener, ControlEventName, ControlMethod } from '../../../shared/contract.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { Result } from '../../../shared/errors.js';
import { buildControlClient } from './build-client.js';
import type { ConnectionState, TransportClient } from './build-client.js';
import { SseParser } from './sse-parser.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpTransportOptions {
  /** Origin (and optional path) of the server, e.g. `http://127.0.0.1:4100`; '' for same origin. */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  /** Reconnect delays for the event stream. */
  backoff?: { initialMs: number; maxMs: number };
  /** Injected so tests control time. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

function isResult(body: unknown): body is Result<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';
}

function failure(code: ErrorCode, message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 400 || status === 404 || status === 413) return ErrorCode.BAD_REQUEST;
  return ErrorCode.INTERNAL;
}

/** Never throws: network and protocol failures become `{ok:false}` like any expected failure. */
async function invokeHttp(opts: HttpTransportOptions, method: ControlMethod, args: unknown[]): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await opts.fetch(`${opts.baseUrl}${HTTP_API_PREFIX}/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ args }),
    });
  } catch (err) {
    return failure(ErrorCode.INTERNAL, `Cannot reach the orchestrator: ${(err as Error).message}`);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Fall through: a non-JSON body is reported by status below.
  }
  if (isResult(body)) return body;
  return failure(statusCode(response.status), `HTTP ${response.status} from ${method}`);
}

const EVENT_NAMES = new Set<string>(CONTROL_EVENTS);

/** Keeps one event stream open while anyone listens; reconnects with exponential backoff. */
class EventStream {
  private readonly listeners = new Emitter<[ControlEventName, unknown]>();
  private readonly stateListeners = new Emitter<[ConnectionState]>();
  private abort: AbortController | null = null;
  private timer: unknown = null;
  private delay: number;
  state: ConnectionState = 'closed';

  constructor(private readonly opts: HttpTransportOptions) {
    this.delay = opts.backoff?.initialMs ?? 500;
  }

  subscribe(listener: ControlEventListener): () => void {
    const off = this.listeners.on(listener as (name: ControlEventName, payload: unknown) => void);
    if (this.listeners.size === 1) this.open();
    return () => {
      off();
      if (this.listeners.size === 0) this.close();
    };
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    const off = this.stateListeners.on(listener);
    listener(this.state);
    return off;
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateListeners.emit(state);
  }

  private open(): void {
    this.abort = new AbortController();
    this.setState('connecting');
    const signal = this.abort.signal;
    void this.run(signal).then((retry) => {
      // A stale run (closed, maybe reopened since) must not schedule a second stream.
      if (retry && !signal.aborted) this.scheduleReconnect();
    });
  }

  private close(): void {
    this.abort?.abort();
    this.abort = null;
    if (this.timer !== null) (this.opts.clearTimer ?? clearTimeout)(this.timer as never);
    this.timer = null;
    this.setState('closed');
  }

  private scheduleReconnect(): void {
    if (this.listeners.size === 0) return;
    this.setState('connecting');
    const max = this.opts.backoff?.maxMs ?? 15_000;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, max);
    this.timer = (this.opts.setTimer ?? setTimeout)(() => {
      this.timer = null;
      if (this.listeners.size > 0) this.open();
    }, wait);
  }

  /** Reads until the stream ends or fails; resolves whether a retry makes sense. */
  private async run(signal: AbortSignal): Promise<boolean> {
    try {
      const response = await this.opts.fetch(`${this.opts.baseUrl}${HTTP_API_PREFIX}/events`, {
        headers: { Authorization: `Bearer ${this.opts.token}`, Accept: 'text/event-stream' },
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        // Retrying with the same token cannot succeed.
        this.setState('unauthorized');
        return false;
      }
      if (!response.ok || !response.body) return true;
      this.setState('open');
      this.delay = this.opts.backoff?.initialMs ?? 500;
      const reader = response.body.getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        for (const message of parser.push(value)) this.deliver(message.event, message.data);
      }
    } catch {
      // Aborted or network failure: the caller decides whether to reconnect.
    }
    return true;
  }

  private deliver(event: string, data: string): void {
    if (!EVENT_NAMES.has(event)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    const name = event as ControlEventName;
    this.listeners.emit(name, payload);
  }
}

export function createHttpClient(opts: HttpTransportOptions): TransportClient {
  const stream = new EventStream(opts);
  return buildControlClient(
    'http',
    (method, args) => invokeHttp(opts, method, args),
    (listener) => stream.subscribe(listener),
    (listener) => stream.onConnection(listener),
  );
}
