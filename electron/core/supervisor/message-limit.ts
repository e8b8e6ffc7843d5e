// The size limit on messages from a child (max_message_bytes). A message over it is never held
// whole: only its top-level "id" is picked out while the rest streams past, and the request it
// answers gets a clear error instead, while the connection stays up for the next message.
// The same limit bounds what may wait unread for a child that stops reading (group-stdio-transport.ts);
// both errors are written here.
import type { JSONRPCMessage, RequestId } from '../sdk/types.js';

/** Set on the error's data so the gateway can tell this failure from the child's own errors. */
const MESSAGE_TOO_LARGE = 'message_too_large';

/** What a request asks for, to name it in the error: `tools/call "big"`, or its method. */
export function describeRequest(message: unknown): string | undefined {
  const m = message as { method?: unknown; params?: { name?: unknown; uri?: unknown } } | null;
  if (typeof m?.method !== 'string') return undefined;
  const target = m.params?.name ?? m.params?.uri;
  return typeof target === 'string' ? `${m.method} ${JSON.stringify(target)}` : m.method;
}

/** What each request in flight asked for. */
export class PendingRequests {
  private readonly byId = new Map<RequestId, string>();

  sent(message: JSONRPCMessage): void {
    const id = (message as { id?: RequestId }).id;
    const what = describeRequest(message);
    if (id === undefined || what === undefined) return;
    this.byId.set(id, what);
    // Requests that timed out on our side are never answered; forget the oldest past a bound.
    if (this.byId.size > 10_000) this.byId.delete(this.byId.keys().next().value as RequestId);
  }

  answered(id: RequestId): string | undefined {
    const what = this.byId.get(id);
    this.byId.delete(id);
    return what;
  }
}

/** A byte count as our max_message_bytes messages write it: 1,000,000. */
const n = (v: number) => v.toLocaleString('en-US');

/** The refusal of a send to a child that has stopped reading its stdin; nothing was written. */
export function notReadingError(backlog: number, max: number): Error {
  return new Error(
    `the server is not reading its input: ${n(backlog)} bytes sent to it are still unread, and this message would take ` +
      `that past its ${n(max)}-byte limit (max_message_bytes); it was not sent`,
  );
}

/** The error reply standing in for an answer of `size` bytes over `limit`. */
export function tooLargeReply(id: RequestId, what: string | undefined, size: number, limit: number): JSONRPCMessage {
  const message = `the reply to ${what ?? 'a request'} is ${n(size)} bytes, over the ${n(limit)}-byte limit (max_message_bytes); it was dropped`;
  return { jsonrpc: '2.0', id, error: { code: -32603, message, data: { reason: MESSAGE_TOO_LARGE, size, limit } } };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Streams over one JSON-RPC message's bytes and keeps only what an error reply needs: its
 * top-level "id" and whether it is a response. String contents, most of a big result, are
 * skipped with indexOf rather than byte by byte.
 */
export class TopLevelScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private key: number[] | null = null;
  private lastKey = '';
  private idBytes: number[] | null = null;
  private idDone = false;
  private keys = new Set<string>();

  feed(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.inString) i = this.inStringFrom(buf, i);
      else this.outside(buf[i++]);
    }
  }

  /** The message's id, if it is a response (has result or error) with a readable id. */
  responseId(): RequestId | undefined {
    if (!this.keys.has('result') && !this.keys.has('error')) return undefined;
    if (!this.idBytes) return undefined;
    try {
      const id: unknown = JSON.parse(Buffer.from(this.idBytes).toString('utf8'));
      return typeof id === 'string' || typeof id === 'number' ? id : undefined;
    } catch {
      return undefined;
    }
  }

  private collect(buf: Buffer, from: number, to: number): void {
    const into = this.key ?? (this.idBytes && !this.idDone ? this.idBytes : null);
    if (!into) return;
    for (let k = from; k < to && into.length < 256; k++) into.push(buf[k]);
  }

  private inStringFrom(buf: Buffer, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      this.collect(buf, i, i + 1);
      return i + 1;
    }
    const q = buf.indexOf(QUOTE, i);
    const b = buf.indexOf(BACKSLASH, i);
    const next = q < 0 ? b : b < 0 ? q : Math.min(q, b);
    if (next < 0) {
      this.collect(buf, i, buf.length);
      return buf.length;
    }
    this.collect(buf, i, next);
    if (buf[next] === BACKSLASH) {
      this.escaped = true;
      this.collect(buf, next, next + 1);
      return next + 1;
    }
    this.inString = false;
    if (this.key) {
      this.lastKey = Buffer.from(this.key).toString('utf8');
      this.keys.add(this.lastKey);
      this.key = null;
    } else this.collect(buf, next, next + 1);
    return next + 1;
  }

  private outside(c: number): void {
    const top = this.depth === 1;
    if (c === QUOTE) {
      this.inString = true;
      if (top && this.expectKey) this.key = [];
      else if (top && this.idBytes && !this.idDone) this.idBytes.push(c);
    } else if (c === 0x7b || c === 0x5b) {
      this.depth++;
      if (this.depth === 1) this.expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      if (top && this.idBytes) this.idDone = true;
      this.depth--;
    } else if (top && c === 0x3a) {
      this.expectKey = false;
      if (this.lastKey === 'id' && !this.idBytes) this.idBytes = [];
    } else if (top && c === 0x2c) {
      if (this.idBytes) this.idDone = true;
      this.expectKey = true;
    } else if (top && this.idBytes && !this.idDone && c > 0x20) this.idBytes.push(c);
  }
}
