// The gateway's fast path. A plain tools/call, resources/read, prompts/get or list request
// that the session's DualTransport would answer as JSON is handled here instead of by the
// session's SDK Server: its envelope was parsed once by the transport, it is routed through
// the session's view, sent to the owning child through that child's SDK Client (a
// permissive result schema stands in for the zod parse, see fast-path-results.ts) and
// answered with the reply the SDK Server would build. Requests asking for progress, with
// _meta or unusual params, names the view does not route (errors), and initialize, GET and
// DELETE keep the SDK path, which also still words every routing error.
//
// Why through the child Client's Protocol.request (with a lean result schema) and not raw on
// the child's transport with an id map: in the SDK path's profile zod is ~9 % of the gateway's
// busy time and Protocol's request bookkeeping ~3 %, so an id map would save little, while
// Protocol.request keeps per-server timeouts (same McpError), cancellation (notifications/
// cancelled to the child), progress, the child's requests back (sampling, ...) and retry
// exactly as the SDK path has them.
import type { Server } from '../sdk/server.js';
import { ErrorCode as McpErrorCode, McpError, type JSONRPCMessage, type JSONRPCRequest, type RequestId } from '../sdk/types.js';
import type { CoreEnv, Logger } from '../env.js';
import type { Caller } from '../metrics/audit-log.js';
import type { Aggregator } from './aggregator.js';
import { DECLINE, FastHandlers, type FastCall, type FastPathDeps, type Outcome } from './fast-path-handlers.js';
import type { DownstreamLink } from './peer-bridge.js';
import type { GatewayView } from './view.js';

/** What the DualTransport asks of the fast path (see dual-transport.ts). */
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

export interface FastPathOptions extends FastPathDeps {
  logger: Logger;
}

/** Shared by every session of one gateway. */
export class FastPath {
  private readonly handlers: FastHandlers;
  /** Requests answered here, and requests handed to the SDK path after a look (tests and bench read them). */
  readonly stats = { answered: 0, declined: 0 };

  constructor(private readonly opts: FastPathOptions) {
    this.handlers = new FastHandlers(opts);
  }

  forSession(server: Server, view: GatewayView, send: (m: JSONRPCMessage) => Promise<void>, caller: Caller): RequestInterceptor {
    return new FastSession(this.handlers, this.stats, server, view, send, this.opts.logger, caller);
  }
}

/** The gateway's options that matter here (GatewayOptions has them all). */
export interface FastPathSetup extends Omit<FastPathDeps, 'aggregator' | 'clock'> {
  env: CoreEnv;
  fastPath?: boolean;
}

/** On unless switched off by the option or MCP_ORCHESTRATOR_FAST_PATH=0 (then every request takes the SDK path). */
export function fastPathFor(setup: FastPathSetup, aggregator: Aggregator): FastPath | undefined {
  const on = setup.fastPath ?? setup.env.processEnv.MCP_ORCHESTRATOR_FAST_PATH !== '0';
  if (!on) return undefined;
  const { env, upstreams, recorder, redact } = setup;
  return new FastPath({ aggregator, upstreams, recorder, clock: env.clock, logger: env.logger, redact });
}

class FastSession implements RequestInterceptor {
  private readonly inflight = new Map<RequestId, AbortController>();

  constructor(
    private readonly handlers: FastHandlers,
    private readonly stats: FastPath['stats'],
    private readonly server: Server,
    private readonly view: GatewayView,
    private readonly send: (m: JSONRPCMessage) => Promise<void>,
    private readonly logger: Logger,
    private readonly caller: Caller,
  ) {}

  take(request: JSONRPCRequest, fallback: () => void): void {
    const handler = this.handlers.find(request.method, request.params);
    if (!handler || this.inflight.has(request.id)) {
      this.stats.declined++;
      return fallback();
    }
    const controller = new AbortController();
    this.inflight.set(request.id, controller);
    const call: FastCall = {
      params: request.params ?? {},
      view: this.view,
      signal: controller.signal,
      link: this.link(request.id, controller.signal),
      caller: this.caller,
    };
    void this.run(request.id, () => handler(call), controller, fallback);
  }

  private async run(id: RequestId, work: () => Promise<Outcome>, controller: AbortController, fallback: () => void): Promise<void> {
    let reply: JSONRPCMessage;
    try {
      const result = await work();
      if (result === DECLINE) {
        this.forget(id, controller);
        this.stats.declined++;
        // Cancelled while being routed: the SDK Server would not answer either.
        if (!controller.signal.aborted) fallback();
        return;
      }
      reply = { result: result as Record<string, unknown>, jsonrpc: '2.0', id };
    } catch (err) {
      reply = errorReply(id, err);
    }
    this.forget(id, controller);
    this.stats.answered++;
    // A cancelled request gets no reply (the SDK Server's rule).
    if (controller.signal.aborted) return;
    await this.send(reply).catch((err: unknown) => this.logger.debug('gateway: fast-path reply not sent', { error: String(err) }));
  }

  private forget(id: RequestId, controller: AbortController): void {
    if (this.inflight.get(id) === controller) this.inflight.delete(id);
  }

  /** How the child's requests and logs reach this request's client (the SDK handler's `extra`). */
  private link(id: RequestId, signal: AbortSignal): DownstreamLink {
    const server = this.server;
    return {
      server,
      sendRequest: async (r, schema, options) => {
        if (signal.aborted) throw new McpError(McpErrorCode.ConnectionClosed, 'Request was cancelled');
        return server.request(r, schema, { ...options, relatedRequestId: id });
      },
      sendNotification: async (n) => {
        if (signal.aborted) return;
        await server.notification(n, { relatedRequestId: id });
      },
    };
  }

  cancelled(requestId: RequestId, reason: unknown): void {
    this.inflight.get(requestId)?.abort(reason);
  }

  close(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
  }
}
