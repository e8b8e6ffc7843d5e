// The client side of a stdio MCP child that leads its own process group (POSIX). The SDK's
// StdioClientTransport spawns without `detached` and signals only the pid it spawned, so a
// wrapper's descendants (`sh -c`, npx, a launcher script) were orphaned. This one spawns the
// child detached (setsid: a new session and process group whose id is the child's pid) and
// leaves stopping to the caller, which signals the whole group (connection.ts). JSON-RPC framing
// is the SDK's own (ReadBuffer, serializeMessage), so messages are read exactly as before.
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { ReadBuffer, serializeMessage } from '../sdk/shared.js';
import type { Transport } from '../sdk/shared.js';
import type { JSONRPCMessage } from '../sdk/types.js';
import type { ProtocolDirection } from '../../../shared/contract.js';
import { notReadingError } from './message-limit.js';
import { measure, type ProtocolSink, type WireTapped } from './protocol-tap.js';

export interface GroupStdioParams {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Passed to the SDK's ReadBuffer (its default when absent). */
  maxBufferSize?: number;
  /** The child's output can no longer be framed (over maxBufferSize): the caller should stop it. */
  onBroken?: () => void;
  /**
   * How many bytes the child may leave unread on its stdin (its max_message_bytes): past that, a send is refused
   * instead of queued, so a child that stops reading costs a bounded amount of our memory. Unbounded when absent.
   */
  maxBacklog?: () => number;
}

/** What frames the child's stdout into messages: the SDK's ReadBuffer, or a bounded reader (stdio-limit.ts). */
export interface LineReader {
  append(chunk: Buffer): void;
  readMessage(): JSONRPCMessage | null;
  clear(): void;
  /** The bytes and text of the line readMessage last returned, when the reader has them (the protocol log's). */
  lastSize?: number | undefined;
  lastLine?: string | undefined;
}

export class GroupStdioTransport implements Transport, WireTapped {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The protocol log's sink (protocol-tap.ts): told of each message once, as it is written or read. */
  wireTap: ProtocolSink | undefined = undefined;
  /** Tells the gateway this is a stdio pipe like the SDK's (gateway/stdio-pipe.ts). */
  readonly stdioPipe = true as const;
  /** The child's stderr, available before start() so no early line is lost. */
  readonly stderr = new PassThrough();
  private child: ChildProcess | undefined;
  private buffer: LineReader;
  private closed = false;

  constructor(private readonly params: GroupStdioParams) {
    this.buffer = new ReadBuffer({ maxBufferSize: params.maxBufferSize });
  }

  /** Frames stdout with `reader` instead of the SDK's ReadBuffer (before start()). */
  useReader(reader: LineReader): void {
    this.buffer = reader;
  }

  /**
   * The child's pid, as the SDK's stdio transport has it. With `stderr`, this is how the v2 client tells a stdio
   * pipe (sdk/internals.ts STDIO_SHAPE): a child silent to the era probe is then a 2025 server, not an outage.
   */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The spawned process (set synchronously inside start()). */
  get process(): ChildProcess | undefined {
    return this.child;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('GroupStdioTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, this.params.args, {
        env: this.params.env,
        cwd: this.params.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
      });
      this.child = child;
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.on('spawn', () => resolve());
      // 'close' waits for every stdio pipe: a descendant holding them delays it until release().
      child.on('close', () => this.finish());
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.pipe(this.stderr);
    });
  }

  /**
   * Writes a turn's messages together (gateway/child-writes.ts corks other stdio transports for the same end): under
   * load many requests reach one child in one event-loop turn, and each write(2) on the pipe wakes the child. Here
   * they are joined into one string and written once at the end of the turn (setImmediate, so a lone message waits
   * no longer), which also spares the per-chunk bookkeeping of a corked stream.
   */
  readonly batchesWrites = true as const;
  /** Lines waiting for the end of this turn. */
  private out = '';

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closed || stdin.writableEnded) return Promise.reject(new Error('Not connected'));
    const line = serializeMessage(message);
    // Queued and not yet taken by the child (this turn's lines counted by characters: near enough for a bound).
    const backlog = stdin.writableLength + this.out.length;
    const max = this.params.maxBacklog?.();
    if (max !== undefined && backlog > 0 && backlog + line.length > max) return Promise.reject(notReadingError(backlog, max));
    if (this.out === '') setImmediate(this.flush);
    this.out += line;
    // The size as the reader counts what it receives: UTF-8, without the newline.
    if (this.wireTap) this.tell('to-server', message, Buffer.byteLength(line) - 1, line);
    // The pipe is backed up: the sender waits until it drains, as with a plain write that returned false.
    if (stdin.writableNeedDrain) return new Promise((resolve) => stdin.once('drain', resolve));
    return Promise.resolve();
  }

  private readonly flush = (): void => {
    const out = this.out;
    this.out = '';
    const stdin = this.child?.stdin;
    if (out === '' || !stdin || stdin.writableEnded || stdin.destroyed) return;
    stdin.write(out);
  };

  /** Ends the child's stdin (well-behaved servers exit on EOF) after what this turn still holds; signals are the caller's part. */
  async close(): Promise<void> {
    try {
      this.flush();
      this.child?.stdin?.end();
    } catch {
      // already closed
    }
  }

  /**
   * Drops our ends of the pipes once the group is gone or killed: a descendant that escaped the
   * group (it called setsid) may still hold them, and must not keep this process alive.
   */
  release(): void {
    const c = this.child;
    if (!c) return;
    for (const s of [c.stdin, c.stdout, c.stderr]) s?.destroy();
    this.finish();
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch (error) {
      // Over the buffer limit: the stream can no longer be framed; the caller stops the child.
      this.onerror?.(error as Error);
      this.params.onBroken?.();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      if (this.wireTap) this.tell('from-server', message, this.buffer.lastSize ?? measure(message), this.buffer.lastLine);
      this.onmessage?.(message);
    }
  }

  private tell(direction: ProtocolDirection, message: JSONRPCMessage, size: number, line: string | undefined): void {
    try {
      this.wireTap?.(direction, message, size, line);
    } catch {
      // the log must never cost a message
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}
