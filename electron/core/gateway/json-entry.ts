// The session transport's direct entry into the pipeline. A request that DualTransport answers
// as JSON (or as its own SSE reply) and whose method the pipeline serves goes to forward() here,
// not through the session's SDK Server: its envelope was parsed once by the transport, and the
// reply is written back through the transport. initialize, ping and any other method go to the
// SDK Server (`fallback`), which answers them as the protocol says. Everything else the SDK
// Server would do for such a request is done here the same way: a cancelled request gets no
// reply, a thrown error becomes the same error reply, the child's requests and progress go out
// related to this request (so the transport puts them on its stream).
import type { Server } from '../sdk/server.js';
import {
  McpErrorCode,
  ProtocolError,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type Request,
  type RequestId,
  type Result,
} from '../sdk/types.js';
import type { StandardSchemaV1 } from '../sdk/validation.js';
import type { RequestOptions } from '../sdk/shared.js';
import type { CoreEnv, Logger } from '../env.js';
import type { Caller } from '../metrics/audit-log.js';
import { FORWARDED_METHODS, type Pipeline } from './forward.js';
import type { ForwardContext } from './view.js';
import type { DownstreamLink } from './peer-bridge.js';
import type { GatewayView } from './view.js';

/** What the DualTransport asks of its direct entry (see dual-transport.ts). */
export interface RequestInterceptor {
  /** Answers `request` through the transport, or hands it to `fallback` (the SDK Server); never both. */
  take(request: JSONRPCRequest, fallback: () => void): void;
  /** notifications/cancelled from the client. */
  cancelled(requestId: RequestId, reason: unknown): void;
  /** The session's transport closed: in-flight requests are aborted, as the SDK Server aborts its handlers. */
  close(): void;
}

/** The error reply the SDK's Protocol builds from a thrown handler error. */
export function errorReply(id: RequestId, error: unknown): JSONRPCMessage {
  const e = (error ?? {}) as { code?: unknown; message?: string; data?: unknown };
  const code = Number.isSafeInteger(e.code) ? (e.code as number) : McpErrorCode.InternalError;
  return {
    jsonrpc: '2.0',
    id,
    error: { code, message: e.message ?? 'Internal error', ...(e.data !== undefined && { data: e.data }) },
  };
}

const noop = () => undefined;

/** Shared by every session of one gateway. */
export class JsonEntry {
  /** Requests answered here (tests and the bench read it). */
  readonly stats = { answered: 0 };

  constructor(
    private readonly pipeline: Pipeline,
    private readonly logger: Logger,
  ) {}

  forSession(server: Server, view: GatewayView, send: (m: JSONRPCMessage) => Promise<void>, caller: Caller): RequestInterceptor {
    return new EntrySession(this, server, view, send, caller);
  }

  /** Runs one request and writes its reply, unless it was cancelled (the SDK Server's rule). */
  async run(req: InFlight, request: JSONRPCRequest, send: (m: JSONRPCMessage) => Promise<void>, done: () => void): Promise<void> {
    let reply: JSONRPCMessage;
    try {
      const result = await this.pipeline.forward(request, req);
      reply = { result, jsonrpc: '2.0', id: request.id };
    } catch (err) {
      reply = errorReply(request.id, err);
    }
    done();
    this.stats.answered++;
    if (req.aborted) return;
    await send(reply).catch((err: unknown) => this.logger.debug('gateway: reply not sent', { error: String(err) }));
  }
}

/** On unless switched off by the option or MCP_ORCHESTRATOR_JSON_ENTRY=0 (then every request goes through the SDK Server's handlers, to the same pipeline). */
export function jsonEntryFor(setup: { env: CoreEnv; jsonEntry?: boolean }, pipeline: Pipeline): JsonEntry | undefined {
  const on = setup.jsonEntry ?? setup.env.processEnv.MCP_ORCHESTRATOR_JSON_ENTRY !== '0';
  return on ? new JsonEntry(pipeline, setup.env.logger) : undefined;
}

/**
 * One request in flight: its pipeline context and its way back in one object. Its sends are related to the
 * request, as the SDK handler's `extra` does. Its AbortSignal is made only when something reads it (a wait, a
 * failure, an approval question); the child lane hears of an abort through onAbort instead: under load an
 * AbortController, its signal and a listener on it were a measurable share of each call's garbage.
 */
class InFlight implements ForwardContext, DownstreamLink {
  readonly link: DownstreamLink = this;
  private controller: AbortController | undefined;
  /** Set once aborted: the reason (an AbortError when none was given, as AbortController does). */
  private reason: { value: unknown } | undefined;
  private listeners: ((reason: unknown) => void)[] | undefined;

  constructor(
    readonly server: Server,
    readonly view: GatewayView,
    readonly caller: Caller,
    readonly id: RequestId,
  ) {}

  get session(): Server {
    return this.server;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason.value);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  onAbort(listener: (reason: unknown) => void): () => void {
    if (this.reason) {
      listener(this.reason.value);
      return noop;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const i = this.listeners?.indexOf(listener) ?? -1;
      if (i >= 0) this.listeners!.splice(i, 1);
    };
  }

  abort(reason?: unknown): void {
    if (this.reason) return;
    const value = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.reason = { value };
    this.controller?.abort(value);
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const l of listeners ?? []) l(value);
  }

  async sendRequest(r: Request, schema: StandardSchemaV1, options?: RequestOptions): Promise<Result> {
    if (this.aborted) throw new ProtocolError(McpErrorCode.ConnectionClosed, 'Request was cancelled');
    return (await this.server.request(r, schema, { ...options, relatedRequestId: this.id })) as Result;
  }

  async sendNotification(n: Parameters<Server['notification']>[0]): Promise<void> {
    if (this.aborted) return;
    await this.server.notification(n, { relatedRequestId: this.id });
  }
}

class EntrySession implements RequestInterceptor {
  private readonly inflight = new Map<RequestId, InFlight>();

  constructor(
    private readonly entry: JsonEntry,
    private readonly server: Server,
    private readonly view: GatewayView,
    private readonly send: (m: JSONRPCMessage) => Promise<void>,
    private readonly caller: Caller,
  ) {}

  take(request: JSONRPCRequest, fallback: () => void): void {
    if (!FORWARDED_METHODS.has(request.method) || this.inflight.has(request.id)) return fallback();
    const req = new InFlight(this.server, this.view, this.caller, request.id);
    this.inflight.set(request.id, req);
    void this.entry.run(req, request, this.send, () => {
      if (this.inflight.get(request.id) === req) this.inflight.delete(request.id);
    });
  }

  cancelled(requestId: RequestId, reason: unknown): void {
    this.inflight.get(requestId)?.abort(reason);
  }

  close(): void {
    for (const req of this.inflight.values()) req.abort();
    this.inflight.clear();
  }
}
