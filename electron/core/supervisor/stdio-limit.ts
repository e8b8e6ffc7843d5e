// Newline-delimited JSON-RPC from a stdio child, with a size limit per message. Stands in for
// the SDK's ReadBuffer, which concatenates every chunk into one growing Buffer (quadratic on a
// big line) and, past its fixed 10 MB, throws: the transport then closes and the child's
// connection is lost for every later call. Here a line is kept as a list of chunks and joined
// once; a line over the limit is dropped while it streams (only its id is kept) and answered
// with an error, so the next message reads as usual.
import { deserializeMessage } from '../sdk/shared.js';
import { StdioClientTransport } from '../sdk/client.js';
import { replaceStdioReadBuffer } from '../sdk/internals.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { GroupStdioTransport } from './group-stdio-transport.js';
import { PendingRequests, TopLevelScanner, tooLargeReply } from './message-limit.js';

const NEWLINE = 0x0a;

/** A line too large to keep: its size so far and what is known of its id. */
interface Overflow {
  size: number;
  scanner: TopLevelScanner;
}

export class BoundedLineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private overflow: Overflow | undefined;
  private readonly ready: Array<Buffer | JSONRPCMessage> = [];
  /** Bytes of the line readMessage last returned (undefined for an error reply standing in for a dropped one): the protocol log's size. */
  lastSize: number | undefined;

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
    if (!Buffer.isBuffer(next)) return next;
    const message = deserializeMessage(next.toString('utf8').replace(/\r$/, ''));
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
