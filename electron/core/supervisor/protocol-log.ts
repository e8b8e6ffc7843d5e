// The protocol log: every JSON-RPC message between the orchestrator and each child, per server,
// in a ring bounded by count and bytes (oldest dropped first, and counted). An entry keeps the
// line the wire carried, copied into the ring's byte store, or else the message object the
// transport already parsed (no serialisation on the hot path); it is redacted and serialised
// only when someone reads it.
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
 * An entry as the ring hands it out: without its rendered text, and with the message (redacted only when handed out):
 * the line the wire carried when the transport has it, the message itself otherwise.
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

/** The byte store's first size; it doubles, as lines arrive, up to the ring's byte budget. */
const FIRST_STORE_BYTES = 16 * 1024;

/**
 * One server's ring. An entry's fields sit in arrays of fixed length (one slot an entry, reused), and the line the
 * wire carried is copied into one byte store, so recording a message leaves no object of its own behind: under load
 * the last 500 messages outlive several young-generation collections, and copying them out each time (their strings,
 * and before that their parsed objects) was most of what the log cost per call. An entry is built as an object only
 * when someone reads the log.
 */
export class ProtocolRing {
  private slots = 0;
  private seqs = new Float64Array(0);
  private times = new Float64Array(0);
  private sizes = new Float64Array(0);
  /** Where the entry's line starts in the store, and its bytes there (-1: no line stored, see `others`). */
  private starts = new Float64Array(0);
  private lengths = new Float64Array(0);
  private dirs = new Uint8Array(0);
  private methods: string[] = [];
  private servers: string[] = [];
  private ids: Array<string | number | undefined> = [];
  /** What could not go to the store: a message without its line, or a line larger than the whole store. */
  private others: Array<JSONRPCMessage | string | undefined> = [];
  private first = 0;
  private count = 0;
  private bytes = 0;
  private store: Buffer = Buffer.alloc(0);
  /** Bytes of the store in use, from the oldest stored line to `writeAt`. */
  private stored = 0;
  private writeAt = 0;
  dropped = 0;
  /**
   * The store's largest size: the byte budget plus a newline an entry (a line we wrote ends in one its size does not
   * count), so the store never drops an entry the budget keeps. Only a line that decodes larger than it arrived
   * (bytes that are not UTF-8) can fill it first, and then the oldest go sooner.
   */
  private readonly storeMax: number;

  constructor(
    readonly maxMessages = PROTOCOL_LOG_MESSAGES,
    readonly maxBytes = PROTOCOL_LOG_BYTES,
  ) {
    this.storeMax = maxBytes + maxMessages;
  }

  push(e: RawEntry): void {
    this.add(e.seq, e.serverId, e.time, e.direction, e.method, e.size, e.id, e.message, e.line);
  }

  add(
    seq: number,
    serverId: string,
    time: number,
    direction: ProtocolDirection,
    method: string,
    size: number,
    id: string | number | undefined,
    message: JSONRPCMessage | undefined,
    line: string | undefined,
  ): void {
    if (this.slots === 0) this.allocate();
    const lineBytes = line === undefined ? 0 : Buffer.byteLength(line);
    const inStore = line !== undefined && lineBytes <= this.storeMax;
    // A single message larger than the whole budget is still kept (alone), so the log never hides the last message.
    while (
      this.count > 0 &&
      (this.count >= this.maxMessages || this.bytes + size > this.maxBytes || (inStore && this.stored + lineBytes > this.storeMax))
    ) {
      this.dropOldest();
    }
    const slot = (this.first + this.count) % this.slots;
    this.count++;
    this.bytes += size;
    this.seqs[slot] = seq;
    this.servers[slot] = serverId;
    this.times[slot] = time;
    this.dirs[slot] = direction === 'to-server' ? 0 : 1;
    this.methods[slot] = method;
    this.sizes[slot] = size;
    this.ids[slot] = id;
    if (inStore) {
      this.starts[slot] = this.copyIn(line, lineBytes);
      this.lengths[slot] = lineBytes;
      this.others[slot] = undefined;
    } else {
      this.starts[slot] = -1;
      this.lengths[slot] = 0;
      this.others[slot] = line ?? message;
    }
  }

  toArray(): RawEntry[] {
    const out: RawEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.entry((this.first + i) % this.slots));
    return out;
  }

  /** The newest entry, as an object (a live push). */
  newest(): RawEntry {
    return this.entry((this.first + this.count - 1) % this.slots);
  }

  get byteSize(): number {
    return this.bytes;
  }

  private allocate(): void {
    const n = Math.max(1, this.maxMessages);
    this.slots = n;
    this.seqs = new Float64Array(n);
    this.times = new Float64Array(n);
    this.sizes = new Float64Array(n);
    this.starts = new Float64Array(n);
    this.lengths = new Float64Array(n);
    this.dirs = new Uint8Array(n);
    this.methods = new Array<string>(n).fill('');
    this.servers = new Array<string>(n).fill('');
    this.ids = new Array<string | number | undefined>(n).fill(undefined);
    this.others = new Array<JSONRPCMessage | string | undefined>(n).fill(undefined);
  }

  private dropOldest(): void {
    const slot = this.first;
    this.bytes -= this.sizes[slot];
    this.stored -= this.lengths[slot];
    this.others[slot] = undefined;
    this.ids[slot] = undefined;
    this.first = (slot + 1) % this.slots;
    this.count--;
    this.dropped++;
  }

  /** Copies a line in after the last one (wrapping round the store's end), growing the store while it is below the budget. */
  private copyIn(line: string, lineBytes: number): number {
    if (lineBytes === 0) return this.writeAt;
    if (this.stored + lineBytes > this.store.length) this.grow(this.stored + lineBytes);
    const store = this.store;
    const at = this.writeAt;
    if (at + lineBytes <= store.length) store.write(line, at, lineBytes, 'utf8');
    else {
      // Rare: the line straddles the store's end.
      const bytes = Buffer.from(line, 'utf8');
      const head = store.length - at;
      bytes.copy(store, at, 0, head);
      bytes.copy(store, 0, head);
    }
    this.writeAt = (at + lineBytes) % store.length;
    this.stored += lineBytes;
    return at;
  }

  /** A larger store holding the stored lines from its start, oldest first. */
  private grow(needed: number): void {
    let size = Math.max(FIRST_STORE_BYTES, this.store.length);
    while (size < needed) size *= 2;
    size = Math.min(size, this.storeMax);
    const next = Buffer.allocUnsafe(size);
    let at = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = (this.first + i) % this.slots;
      if (this.starts[slot] < 0) continue;
      this.read(slot).copy(next, at);
      this.starts[slot] = at;
      at += this.lengths[slot];
    }
    this.store = next;
    this.writeAt = at % size;
  }

  /** The stored bytes of an entry's line. */
  private read(slot: number): Buffer {
    const start = this.starts[slot];
    const end = start + this.lengths[slot];
    if (end <= this.store.length) return this.store.subarray(start, end);
    return Buffer.concat([this.store.subarray(start), this.store.subarray(0, end - this.store.length)]);
  }

  private entry(slot: number): RawEntry {
    const other = this.others[slot];
    const line = this.starts[slot] >= 0 ? this.read(slot).toString('utf8') : typeof other === 'string' ? other : undefined;
    const e: RawEntry = {
      seq: this.seqs[slot],
      serverId: this.servers[slot],
      time: this.times[slot],
      direction: this.dirs[slot] === 0 ? 'to-server' : 'from-server',
      method: this.methods[slot],
      size: this.sizes[slot],
      message: typeof other === 'object' ? other : undefined,
    };
    if (this.ids[slot] !== undefined) e.id = this.ids[slot];
    if (line !== undefined) e.line = line;
    return e;
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
    log.ring.add(++this.seq, serverId, this.clock.now(), direction, method, size, id, message, line);
    if (this.entries.size && this.watchers.has(serverId)) this.entries.emit(log.ring.newest());
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
