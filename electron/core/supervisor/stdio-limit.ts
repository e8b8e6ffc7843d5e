// Newline-delimited JSON-RPC from a stdio child, with a size limit per message. Stands in for
// the SDK's ReadBuffer, which concatenates every chunk into one growing Buffer (quadratic on a
// big line) and, past its fixed 10 MB, throws: the transport then closes and the child's
// connection is lost for every later call. Here a line is kept as a list of chunks and joined
// once; a line over the limit is dropped while it streams (only its id is kept) and answered
// with an error, so the next message reads as usual.
import { checkSpec, issuesText } from '../sdk/validation.js';
import { StdioClientTransport } from '../sdk/client.js';
import { replaceStdioReadBuffer } from '../sdk/internals.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { GroupStdioTransport } from './group-stdio-transport.js';
import { PendingRequests, TopLevelScanner, tooLargeReply } from './message-limit.js';
import { isJsonObject, onlyKeys } from '../../../shared/json-shape.js';

const NEWLINE = 0x0a;

/** A line too large to keep: its size so far and what is known of its id. */
interface Overflow {
  size: number;
  scanner: TopLevelScanner;
}

type Obj = Record<string, unknown>;
const isId = (v: unknown) => typeof v === 'string' || Number.isInteger(v);

/**
 * A reply the SDK's message schema would return unchanged: a result (with no `_meta`, which has a schema of
 * its own) or an error, and no other keys (the schema is strict).
 */
function isPlainReply(m: Obj): boolean {
  if (m.jsonrpc !== '2.0') return false;
  if ('result' in m)
    return isId(m.id) && isJsonObject(m.result) && m.result._meta === undefined && onlyKeys(m, ['jsonrpc', 'id', 'result']);
  const e = m.error;
  return (
    isJsonObject(e) &&
    (m.id === undefined || isId(m.id)) &&
    Number.isInteger(e.code) &&
    typeof e.message === 'string' &&
    onlyKeys(e, ['code', 'message', 'data']) &&
    onlyKeys(m, ['jsonrpc', 'id', 'error'])
  );
}

/**
 * One line from a child, as the SDK's deserializeMessage reads it. Replies, nearly every line under load, are
 * told by their shape; anything else (requests, notifications, a reply with `_meta` or odd keys) goes through
 * the SDK's message schema, so what is accepted, and each refusal's issues, stay the SDK's (held to
 * deserializeMessage by test/unit/core/supervisor/parse-child-line.test.ts).
 */
export function parseChildLine(line: string): JSONRPCMessage {
  const value: unknown = JSON.parse(line);
  if (isJsonObject(value) && value.method === undefined && isPlainReply(value)) return value as JSONRPCMessage;
  // The line is parsed once: the schema checks the value (deserializeMessage would parse the text again).
  const checked = checkSpec('JSONRPCMessage', value);
  if (!checked.success) throw new Error(issuesText(checked.issues));
  return checked.data as JSONRPCMessage;
}

export class BoundedLineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private overflow: Overflow | undefined;
  private readonly ready: Array<Buffer | JSONRPCMessage> = [];
  /** Bytes of the line readMessage last returned (undefined for an error reply standing in for a dropped one): the protocol log's size. */
  lastSize: number | undefined;
  /** The text of that line (undefined likewise): the protocol log keeps it instead of the parsed message. */
  lastLine: string | undefined;

  constructor(
    private readonly limit: () => number,
    private readonly pending: PendingRequests,
    private readonly onDropped: (size: number, answered: boolean) => void,
  ) {}

  append(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, from);
      const end = nl < 0 ? chunk.length : nl;
      this.take(chunk.subarray(from, end));
      if (nl < 0) return;
      this.endLine();
      from = nl + 1;
    }
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (!this.overflow && this.size + piece.length > this.limit()) {
      // Over the limit: from here on only the id is kept.
      const scanner = new TopLevelScanner();
      for (const c of this.chunks) scanner.feed(c);
      this.overflow = { size: this.size, scanner };
      this.chunks = [];
    }
    if (this.overflow) {
      this.overflow.scanner.feed(piece);
      this.overflow.size += piece.length;
    } else {
      this.chunks.push(piece);
      this.size += piece.length;
    }
  }

  private endLine(): void {
    const over = this.overflow;
    if (over) {
      const id = over.scanner.responseId();
      if (id !== undefined) this.ready.push(tooLargeReply(id, this.pending.answered(id), over.size, this.limit()));
      this.onDropped(over.size, id !== undefined);
    } else if (this.size > 0) {
      // A chunk is a view of the pipe's buffer; one copy joins them (none for a one-chunk line).
      this.ready.push(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size));
    }
    this.chunks = [];
    this.size = 0;
    this.overflow = undefined;
  }

  readMessage(): JSONRPCMessage | null {
    const next = this.ready.shift();
    if (next === undefined) return null;
    this.lastSize = Buffer.isBuffer(next) ? next.length : undefined;
    this.lastLine = undefined;
    if (!Buffer.isBuffer(next)) return next;
    const line = next.toString('utf8').replace(/\r$/, '');
    const message = parseChildLine(line);
    this.lastLine = line;
    const id = (message as { id?: string | number; method?: unknown }).id;
    if (id !== undefined && (message as { method?: unknown }).method === undefined) this.pending.answered(id);
    return message;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.overflow = undefined;
    this.ready.length = 0;
  }
}

/**
 * Puts the bounded reader in place of the transport's own: our process-group transport takes it
 * as its reader; the SDK's (Windows) gets it as its private `_readBuffer`, which it uses through
 * the same append/readMessage/clear calls. Also notes what each request asked for.
 */
export function limitStdioMessages(
  transport: StdioClientTransport | GroupStdioTransport,
  limit: () => number,
  onDropped: (size: number, answered: boolean) => void,
): BoundedLineReader {
  const pending = new PendingRequests();
  const reader = new BoundedLineReader(limit, pending, onDropped);
  if (transport instanceof StdioClientTransport) replaceStdioReadBuffer(transport, reader);
  else transport.useReader(reader);
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage) => {
    pending.sent(message);
    return send(message);
  };
  return reader;
}
