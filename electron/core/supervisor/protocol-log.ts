// The protocol log: every JSON-RPC message between the orchestrator and each child, per server,
// in a ring bounded by count and bytes (oldest dropped first, and counted). Entries keep the
// message object the transport already parsed (no copy, no serialisation on the hot path); it is
// redacted and serialised only when someone reads it.
import type { JSONRPCMessage } from '../sdk/types.js';
import type { ProtocolDirection, ProtocolEntry, ProtocolLog } from '../../../shared/contract.js';
import { Emitter } from '../../../shared/emitter.js';
import type { Clock } from '../env.js';

const PROTOCOL_LOG_MESSAGES = 500;
const PROTOCOL_LOG_BYTES = 1024 * 1024;
/** Past this, an entry's text is cut for display (after redaction, so no secret is cut in half). */
const PROTOCOL_TEXT_LIMIT = 16 * 1024;
/** Requests never answered are forgotten past this many, oldest first. */
const MAX_OPEN_IDS = 10_000;

/**
 * What the ring holds: the entry without its rendered text, and the message (redacted only when handed out): the
 * line the wire carried when the transport has it (one string lives on in the ring, not the message's objects), the
 * message itself otherwise.
 */
export type RawEntry = Omit<ProtocolEntry, 'text' | 'truncated'> & { message: JSONRPCMessage | undefined; line?: string };

type Redact = <T>(value: T) => T;

/** The entry's fields without the message's text. */
function header(e: RawEntry): ProtocolEntry {
  const out: ProtocolEntry = {
    seq: e.seq,
    serverId: e.serverId,
    time: e.time,
    direction: e.direction,
    method: e.method,
    size: e.size,
    text: '',
  };
  if (e.id !== undefined) out.id = e.id;
  return out;
}

function renderEntry(e: RawEntry, redact: Redact, limit = PROTOCOL_TEXT_LIMIT): ProtocolEntry {
  const message: unknown = e.line !== undefined ? JSON.parse(e.line) : e.message;
  const full = JSON.stringify(redact(message));
  const out = header(e);
  out.text = full.length > limit ? full.slice(0, limit) : full;
  if (full.length > limit) out.truncated = true;
  return out;
}

/** A live push: small messages with their text, big ones without (the UI reads them from the log), so a big reply costs no serialisation per listener. */
export function liveEntry(e: RawEntry, redact: Redact): ProtocolEntry {
  if (e.size <= PROTOCOL_TEXT_LIMIT) return renderEntry(e, redact);
  return { ...header(e), truncated: true };
}

/** One server's ring. */
export class ProtocolRing {
  private entries: RawEntry[] = [];
  private head = 0;
  private bytes = 0;
  dropped = 0;

  constructor(
    readonly maxMessages = PROTOCOL_LOG_MESSAGES,
    readonly maxBytes = PROTOCOL_LOG_BYTES,
  ) {}

  push(e: RawEntry): void {
    this.entries.push(e);
    this.bytes += e.size;
    // A single message larger than the whole budget is still kept (alone), so the log never hides the last message.
    while (this.entries.length - this.head > this.maxMessages || (this.bytes > this.maxBytes && this.entries.length - this.head > 1)) {
      this.bytes -= this.entries[this.head].size;
      this.head++;
      this.dropped++;
    }
    // Compact now and then rather than shift() per message.
    if (this.head > 1024 || this.head > this.entries.length / 2) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  toArray(): RawEntry[] {
    return this.entries.slice(this.head);
  }

  get byteSize(): number {
    return this.bytes;
  }
}

/** Matches replies to the method they answer, per direction of the request. */
class OpenRequests {
  private readonly byId = new Map<string | number, string>();
  sent(id: string | number, method: string): void {
    this.byId.set(id, method);
    if (this.byId.size > MAX_OPEN_IDS) this.byId.delete(this.byId.keys().next().value as string | number);
  }
  answered(id: string | number): string | undefined {
    const m = this.byId.get(id);
    this.byId.delete(id);
    return m;
  }
}

/** One server's ring and the requests open each way. */
interface ServerLog {
  ring: ProtocolRing;
  ours: OpenRequests;
  theirs: OpenRequests;
}

/** "response to <method>" for the methods seen so far (bounded: a child may name any method). */
const replyNames = new Map<string, string>();
function replyName(method: string | undefined): string {
  const known = replyNames.get(method ?? '');
  if (known) return known;
  const name = `response to ${method || 'unknown'}`;
  if (replyNames.size < 256) replyNames.set(method ?? '', name);
  return name;
}

/** The rings of every server, and a push of each new entry to whoever listens. */
export class ProtocolLogs {
  private readonly logs = new Map<string, ServerLog>();
  private seq = 0;
  /** Views open per server: only those servers' entries are pushed (rendering one costs a redaction). */
  private readonly watchers = new Map<string, number>();
  // A listener that throws must never break the transport it listens to.
  private readonly entries = new Emitter<[RawEntry]>(() => undefined);

  constructor(
    private readonly clock: Clock,
    private readonly limits = { messages: PROTOCOL_LOG_MESSAGES, bytes: PROTOCOL_LOG_BYTES },
  ) {}

  /** The recording function for one server's transport (protocol-tap.ts calls it). */
  sink(serverId: string): (direction: ProtocolDirection, message: JSONRPCMessage, size: number, line?: string) => void {
    return (direction, message, size, line) => this.record(serverId, direction, message, size, line);
  }

  private logOf(serverId: string): ServerLog {
    let log = this.logs.get(serverId);
    if (!log) {
      log = { ring: new ProtocolRing(this.limits.messages, this.limits.bytes), ours: new OpenRequests(), theirs: new OpenRequests() };
      this.logs.set(serverId, log);
    }
    return log;
  }

  record(serverId: string, direction: ProtocolDirection, message: JSONRPCMessage, size: number, line?: string): void {
    const log = this.logOf(serverId);
    const m = message as { id?: string | number; method?: string };
    const id = m.id;
    // Our requests go to-server and are answered from-server; the child's requests the other way round.
    let method: string;
    if (typeof m.method === 'string') {
      method = m.method;
      if (id !== undefined) (direction === 'to-server' ? log.ours : log.theirs).sent(id, method);
    } else method = replyName(id === undefined ? undefined : (direction === 'to-server' ? log.theirs : log.ours).answered(id));
    const entry: RawEntry = {
      seq: ++this.seq,
      serverId,
      time: this.clock.now(),
      direction,
      method,
      size,
      id,
      message: line === undefined ? message : undefined,
      line,
    };
    log.ring.push(entry);
    if (this.entries.size && this.watchers.has(serverId)) this.entries.emit(entry);
  }

  /** A view of this server's log opened (true) or closed (false). */
  watch(serverId: string, on: boolean): void {
    const n = (this.watchers.get(serverId) ?? 0) + (on ? 1 : -1);
    if (n > 0) this.watchers.set(serverId, n);
    else this.watchers.delete(serverId);
  }

  onEntry(listener: (e: RawEntry) => void): () => void {
    return this.entries.on(listener);
  }

  snapshot(serverId: string, redact: Redact): ProtocolLog {
    const ring = this.logs.get(serverId)?.ring;
    return {
      serverId,
      entries: (ring?.toArray() ?? []).map((e) => renderEntry(e, redact)),
      dropped: ring?.dropped ?? 0,
      limits: { ...this.limits },
    };
  }

  /** A removed server's log goes with it. */
  forget(serverId: string): void {
    this.logs.delete(serverId);
  }
}
