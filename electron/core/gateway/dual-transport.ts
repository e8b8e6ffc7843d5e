// One downstream session's transport: the SDK's StreamableHTTPServerTransport (SSE replies)
// for initialize, GET streams, DELETE, requests that asked for progress and anything
// unusual; a direct JSON reply path for plain, valid requests. A JSON reply skips the
// Node->Web request conversion, the SDK's per-request ReadableStream, the early header
// flush (one write syscall less) and, in the client, the SSE parser: the SDK client's CPU
// per tools/call fell by ~0.3-0.5 ms. Only requests that the SDK transport would accept
// take the JSON path (same header, session, version and JSON-RPC checks, using the SDK's
// own helpers); everything else, including every error reply, still comes from the SDK.
// When a child sends something related to such a request before it is answered (a log
// message, or a sampling/elicitation/roots request), that POST's reply turns into an SSE
// stream on the spot, so nothing related is lost and plain calls keep the JSON path.
// Requests that asked for progress, or clients that prefer an event stream, get that SSE
// reply from the start, and a valid GET opens the session's stream here too: every stream
// that carries a child's traffic is written by us, through SseStream's byte budget (the SDK's
// streams queue without limit in a web ReadableStream while the socket waits). What remains
// with the SDK transport (initialize, DELETE, POSTs of notifications or responses only, error
// replies) carries only the gateway's own bounded replies.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BATCH_SIZE, NodeStreamableHTTPServerTransport } from '../sdk/server.js';
import { isJsonContentType } from '../sdk/shared.js';
import type { Transport, TransportSendOptions } from '../sdk/shared.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
  type RequestId,
} from '../sdk/types.js';
import { checkSpec } from '../sdk/validation.js';
import type { RequestInterceptor } from './json-entry.js';
import { stripMcpPrefix } from '../../../shared/mcp-errors.js';
import { plainRequest } from './envelope.js';
import { sendJsonRpcError } from './http-guard.js';
import { encodeReply } from './reply-encoding.js';
import { SSE_HEADERS, SseStream } from './sse-stream.js';

type Msg = Record<string, unknown>;

/**
 * An error reply's message as the wire wants it. A thrown ProtocolError's message carries the SDK's "MCP error -N: "
 * prefix, which the SDK Server (and the pipeline's JSON entry, built to match it) sends as is; the client's SDK then adds its
 * own, so IDEs saw it twice. This is the one place every reply of every path leaves through.
 */
function withoutSdkPrefix(message: JSONRPCMessage): JSONRPCMessage {
  // Our own outbound messages: a structural look, not a zod parse of every reply (the result included).
  if ((message as Msg).error === undefined || !isJSONRPCErrorResponse(message)) return message;
  const text = stripMcpPrefix(message.error.message);
  return text === message.error.message ? message : { ...message, error: { ...message.error, message: text } };
}

/** After validation only requests and notifications remain: a request is the one with an id. */
function isRequest(m: JSONRPCMessage): m is JSONRPCRequest {
  return (m as Msg).id !== undefined;
}

/** notifications/cancelled naming a request: its id and the client's reason. */
function cancelledRequest(m: JSONRPCMessage): { id: RequestId; reason: unknown } | undefined {
  if ((m as Msg).method !== 'notifications/cancelled') return undefined;
  const params = (m as Msg).params as Msg | undefined;
  const id = params?.requestId;
  return typeof id === 'string' || typeof id === 'number' ? { id, reason: params?.reason } : undefined;
}

function hasProgressToken(m: Msg): boolean {
  const params = m.params as { _meta?: { progressToken?: unknown } } | undefined;
  return params?._meta?.progressToken !== undefined;
}

/** True when a parsed POST body holds requests, and notifications beside them at most (no initialize, no responses). */
function plainRequests(body: unknown): boolean {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.length > MAX_BATCH_SIZE) return false;
  let requests = 0;
  for (const m of list) {
    if (typeof m !== 'object' || m === null) return false;
    const msg = m as Msg;
    if (typeof msg.method !== 'string' || msg.method === 'initialize') return false;
    if (msg.id !== undefined) requests++;
  }
  return requests > 0;
}

export interface DualTransportOptions {
  onInitialized: (id: string) => void;
  /** The byte budget of each outbound stream (orchestrator.client_buffer_bytes). */
  bufferBytes: () => number;
  /** A stream whose reader fell more than the budget behind was dropped. */
  onDrop: (stream: 'GET' | 'reply', buffered: number) => void;
}

/** One POST answered as JSON: its request ids in order and the replies so far. */
interface JsonPost {
  res: ServerResponse;
  /** Set once the reply is an SSE stream. */
  stream?: SseStream;
  ids: RequestId[];
  replies: Map<RequestId, JSONRPCMessage>;
  /** Switched to an SSE reply because a related message had to go out first. */
  streaming: boolean;
}

export class DualTransport implements Transport {
  readonly sse: NodeStreamableHTTPServerTransport;
  private readonly byId = new Map<RequestId, JsonPost>();
  private readonly posts = new Set<JsonPost>();
  /** The session's GET stream, when open. */
  private getStream: SseStream | undefined;
  private closed = false;
  /** The pipeline's direct entry (json-entry.ts): answers JSON-path requests without the SDK Server. */
  interceptor?: RequestInterceptor;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(private readonly opts: DualTransportOptions) {
    this.sse = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: opts.onInitialized });
    this.sse.onmessage = (m, extra) => {
      const cancelled = this.interceptor && cancelledRequest(m);
      if (cancelled) this.interceptor?.cancelled(cancelled.id, cancelled.reason);
      this.onmessage?.(m, extra);
    };
    this.sse.onclose = () => void this.close();
    this.sse.onerror = (e) => this.onerror?.(e);
  }

  get sessionId(): string | undefined {
    return this.sse.sessionId;
  }

  start(): Promise<void> {
    return this.sse.start();
  }

  /** Routes one HTTP request: valid GETs and plain requests are ours, the rest goes to the SDK. */
  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    if (req.method === 'GET' && this.openGetStream(req, res)) return;
    const own = req.method === 'POST' ? this.ownRequests(req, body) : undefined;
    if (own) return this.answerOwn(res, own.messages, own.stream);
    await this.sse.handleRequest(req, res, body);
  }

  /** Headers the SDK transport checks on every request after initialize, passed the same way. */
  private sessionHeadersOk(req: IncomingMessage): boolean {
    const sid = this.sse.sessionId;
    if (this.closed || sid === undefined || req.headers['mcp-session-id'] !== sid) return false;
    const version = req.headers['mcp-protocol-version'];
    return version === undefined || (typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version));
  }

  /** Opens the session's GET stream if the SDK transport would; false leaves the (error) reply to it. */
  private openGetStream(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.sessionHeadersOk(req) || !req.headers.accept?.includes('text/event-stream')) return false;
    if (this.getStream?.open) {
      sendJsonRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
      return true;
    }
    res.writeHead(200, { ...SSE_HEADERS, 'mcp-session-id': this.sse.sessionId! });
    res.flushHeaders();
    const stream = new SseStream(res, this.opts.bufferBytes, (n) => this.opts.onDrop('GET', n));
    this.getStream = stream;
    res.once('close', () => {
      if (this.getStream === stream) this.getStream = undefined;
    });
    return true;
  }

  /** The messages, if the SDK transport would accept this POST; `stream` when the reply should be SSE from the start. */
  private ownRequests(req: IncomingMessage, body: unknown): { messages: JSONRPCMessage[]; stream: boolean } | undefined {
    if (!this.sessionHeadersOk(req) || !plainRequests(body)) return undefined;
    const accept = req.headers.accept;
    const json = accept?.indexOf('application/json') ?? -1;
    const sse = accept?.indexOf('text/event-stream') ?? -1;
    if (json < 0 || sse < 0 || !isJsonContentType(req.headers['content-type'])) return undefined;
    const messages: JSONRPCMessage[] = [];
    const ids = new Set<RequestId>();
    let stream = sse < json; // a client that lists the event stream first prefers it
    for (const m of Array.isArray(body) ? body : [body]) {
      let msg: JSONRPCMessage;
      if (plainRequest(m as Msg)) msg = m as JSONRPCMessage;
      else {
        const parsed = checkSpec('JSONRPCMessage', m);
        if (!parsed.success) return undefined;
        msg = parsed.data as JSONRPCMessage;
      }
      if (isRequest(msg)) {
        if (this.byId.has(msg.id) || ids.has(msg.id)) return undefined;
        ids.add(msg.id);
        stream ||= hasProgressToken(msg);
      } else if (!isJSONRPCNotification(msg)) return undefined;
      messages.push(msg);
    }
    return { messages, stream };
  }

  private answerOwn(res: ServerResponse, messages: JSONRPCMessage[], stream: boolean): void {
    const ids: RequestId[] = [];
    for (const m of messages) if (isRequest(m)) ids.push(m.id);
    const post: JsonPost = { res, ids, replies: new Map(), streaming: false };
    this.posts.add(post);
    if (stream) this.startStream(post);
    for (const id of post.ids) this.byId.set(id, post);
    // No extra info with a message: v2's is the web Request, which the pipeline never reads (it has the session).
    const fast = this.interceptor;
    // In the body's order, as the SDK transport delivers them; a notification (e.g. cancelled) goes through its hook.
    for (const m of messages) {
      if (!isRequest(m)) this.sse.onmessage?.(m);
      else if (fast) fast.take(m, () => this.onmessage?.(m));
      else this.onmessage?.(m);
    }
  }

  async send(sent: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const message = withoutSdkPrefix(sent);
    // Outbound and ours (the SDK Server's or the pipeline's): a reply is what has an id and no method.
    const m = message as Msg;
    const isReply = m.method === undefined && (typeof m.id === 'string' || typeof m.id === 'number');
    const id = isReply ? (m.id as RequestId) : options?.relatedRequestId;
    if (id === undefined) {
      // Related to no request: the GET stream, if one is open (the SDK drops it too otherwise).
      this.getStream?.send(message);
      return;
    }
    const post = this.byId.get(id);
    if (!post) return this.sse.send(message, options);
    if (!isReply) return this.writeEvent(post, message);
    this.byId.delete(id);
    post.replies.set(id, message);
    if (post.streaming) {
      this.writeEvent(post, message);
      if (post.replies.size === post.ids.length) this.endStream(post);
    } else if (post.replies.size === post.ids.length) this.finish(post);
  }

  /** Turns the POST's reply into an SSE stream (headers now, events as they come). */
  private startStream(post: JsonPost): SseStream | undefined {
    const { res } = post;
    if (post.stream) return post.stream;
    if (res.headersSent || res.destroyed) return undefined;
    post.streaming = true;
    const headers: Record<string, string> = { ...SSE_HEADERS };
    if (this.sse.sessionId !== undefined) headers['mcp-session-id'] = this.sse.sessionId;
    res.writeHead(200, headers);
    post.stream = new SseStream(res, this.opts.bufferBytes, (n) => this.opts.onDrop('reply', n));
    return post.stream;
  }

  /** Sends one message on the POST's reply, turning it into an SSE stream first if needed. */
  private writeEvent(post: JsonPost, message: JSONRPCMessage): void {
    this.startStream(post)?.send(message);
  }

  private endStream(post: JsonPost): void {
    this.posts.delete(post);
    post.stream?.end();
  }

  private finish(post: JsonPost): void {
    this.posts.delete(post);
    const { res } = post;
    if (res.headersSent || res.destroyed) return;
    const replies = post.ids.map((id) => post.replies.get(id));
    // Encode once: Buffer.byteLength and then res.end(string) would each scan the text
    // (a 216 KB tools/list: ~0.6 ms extra); a prebuilt tool list is not encoded again at all.
    const { chunks, length } = encodeReply(replies.length === 1 ? replies[0] : replies);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(length) };
    if (this.sse.sessionId !== undefined) headers['mcp-session-id'] = this.sse.sessionId;
    res.writeHead(200, headers);
    // Node corks the socket for the tick on the first write, so the headers and every chunk
    // still leave in one writev, without copying a 216 KB list into a new buffer first.
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) res.write(chunks[i]);
    res.end(chunks[last]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Their replies can no longer come; answer as the SDK does for a closed session.
    for (const post of this.posts) {
      if (post.streaming) post.stream?.end();
      else sendJsonRpcError(post.res, 404, -32001, 'Session not found');
    }
    this.posts.clear();
    this.getStream?.end();
    this.getStream = undefined;
    this.byId.clear();
    this.interceptor?.close();
    await this.sse.close();
    this.onclose?.();
  }
}
