// One downstream session served by two real SDK transports: the SSE one (the SDK default)
// for initialize, GET streams, DELETE, and any request that asked for progress; a JSON one
// (enableJsonResponse) for plain requests. A plain JSON reply skips the SDK's web stream,
// the early header flush and the client's SSE parser: measured ~0.5 ms less per tools/call
// with the SDK client. Both transports share one session id; the JSON one learns it by
// replaying the initialize request, answered from the SSE session's own reply.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { sendJsonRpcError } from './http-guard.js';

type Msg = Record<string, unknown>;

function hasProgressToken(m: Msg): boolean {
  const params = m.params as { _meta?: { progressToken?: unknown } } | undefined;
  return params?._meta?.progressToken !== undefined;
}

/**
 * True when a parsed POST body may be answered with plain JSON: only requests (no
 * initialize, no responses or notifications), none asking for progress.
 */
export function wantsJsonReply(body: unknown): boolean {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return false;
  for (const m of list) {
    if (typeof m !== 'object' || m === null) return false;
    const msg = m as Msg;
    if (typeof msg.method !== 'string' || msg.id === undefined || msg.method === 'initialize') return false;
    if (hasProgressToken(msg)) return false;
  }
  return true;
}

function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) headers.set(k, v.join(', '));
  }
  return headers;
}

/**
 * The reply's body as the stream's own chunks (one, for a JSON reply). text() or
 * arrayBuffer() would decode or copy it again: ~2 ms extra on a 1,000-tool list.
 */
async function bodyChunks(reply: Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  if (!reply.body) return chunks;
  const reader = reply.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export class DualTransport implements Transport {
  readonly sse: StreamableHTTPServerTransport;
  private readonly json: WebStandardStreamableHTTPServerTransport;
  /** Requests currently owned by the JSON transport; their replies must go there. */
  private readonly jsonOwned = new Set<RequestId>();
  private initId: RequestId | undefined;
  private initReply: JSONRPCMessage | undefined;
  private jsonReady = false;
  /** Replies still awaited from the JSON transport; closing the session answers them. */
  private readonly waiting = new Set<ServerResponse>();
  private closed = false;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(onInitialized: (id: string) => void) {
    this.sse = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: onInitialized });
    this.json = new WebStandardStreamableHTTPServerTransport({
      enableJsonResponse: true,
      sessionIdGenerator: () => this.sse.sessionId ?? randomUUID(),
    });
    this.sse.onmessage = (m, extra) => {
      if (this.initId === undefined && isJSONRPCRequest(m) && m.method === 'initialize') this.initId = m.id;
      this.onmessage?.(m, extra);
    };
    this.json.onmessage = (m, extra) => this.fromJson(m, extra);
    this.sse.onclose = () => void this.close();
    this.json.onclose = () => void this.close();
    this.sse.onerror = (e) => this.onerror?.(e);
    this.json.onerror = (e) => this.onerror?.(e);
  }

  get sessionId(): string | undefined {
    return this.sse.sessionId;
  }

  async start(): Promise<void> {
    await this.sse.start();
    await this.json.start();
  }

  private fromJson(m: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if ((m as Msg).method === 'initialize') {
      // The replayed initialize: the Server already answered it over SSE.
      if (this.initReply) void this.json.send(this.initReply);
      return;
    }
    if (isJSONRPCRequest(m)) this.jsonOwned.add(m.id);
    this.onmessage?.(m, extra);
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isReply = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    const id = isReply ? message.id : options?.relatedRequestId;
    if (id !== undefined && this.jsonOwned.has(id)) {
      if (isReply) this.jsonOwned.delete(id);
      return this.json.send(message, options);
    }
    if (isReply && this.initReply === undefined && id === this.initId && isJSONRPCResultResponse(message)) {
      this.initReply = message;
    }
    return this.sse.send(message, options);
  }

  /** Routes one HTTP request: plain requests to the JSON transport once it is ready. */
  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    if (req.method === 'POST' && this.jsonReady && wantsJsonReply(body)) return this.handleJson(req, res, body);
    await this.sse.handleRequest(req, res, body);
    if (!this.jsonReady && this.initReply && this.sse.sessionId !== undefined) await this.primeJson(req, body);
  }

  /** Replays the initialize request into the JSON transport so it adopts the session id. */
  private async primeJson(req: IncomingMessage, body: unknown): Promise<void> {
    const headers = webHeaders(req);
    const reply = await this.json.handleRequest(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: 'POST', headers }), {
      parsedBody: body,
    });
    this.jsonReady = reply.ok && this.json.sessionId === this.sse.sessionId;
  }

  private async handleJson(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: 'POST', headers: webHeaders(req) });
    this.waiting.add(res);
    let reply: Response;
    try {
      reply = await this.json.handleRequest(request, { parsedBody: body });
    } finally {
      this.waiting.delete(res);
    }
    const chunks = await bodyChunks(reply);
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = {};
    reply.headers.forEach((v, k) => (headers[k] = v));
    headers['content-length'] = String(chunks.reduce((n, c) => n + c.length, 0));
    res.writeHead(reply.status, headers);
    for (const c of chunks) res.write(c);
    res.end();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.jsonOwned.clear();
    // A JSON reply never comes once the session is gone; answer as the SSE side would.
    for (const res of this.waiting) sendJsonRpcError(res, 404, -32001, 'Session not found');
    this.waiting.clear();
    await this.sse.close();
    await this.json.close();
    this.onclose?.();
  }
}
