// One outbound server-sent-events stream with a byte budget. Nothing ever waits for a reader:
// a frame is written at once or, when the socket already holds more than the budget unsent
// (the reader stopped reading), the stream is dropped instead. So one slow client costs at
// most its budget plus one message, and never blocks the child or the other clients.
//
// Frames are encoded once: a notification fanned out to many sessions shares its params object
// (the SDK's notification() spreads only the envelope), so its frame is cached by that object
// and every stream writes the same Buffer (the socket keeps a reference, not a copy).
import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '../sdk/types.js';

const frames = new WeakMap<object, { method: string; frame: Buffer }>();

function encode(message: JSONRPCMessage): Buffer {
  return Buffer.from(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}

/** The SSE frame of one message; a notification's frame is built once per params object. */
export function sseFrame(message: JSONRPCMessage): Buffer {
  const m = message as { id?: unknown; method?: unknown; params?: unknown };
  if (m.id !== undefined || typeof m.method !== 'string' || typeof m.params !== 'object' || m.params === null) return encode(message);
  const hit = frames.get(m.params);
  if (hit && hit.method === m.method) return hit.frame;
  const frame = encode(message);
  frames.set(m.params, { method: m.method, frame });
  return frame;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export class SseStream {
  private dropped = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly budget: () => number,
    private readonly onDrop: (buffered: number) => void,
  ) {}

  get open(): boolean {
    return !this.dropped && !this.res.destroyed && !this.res.writableEnded;
  }

  /** Writes one frame now, or drops the stream if its reader has fallen more than the budget behind. */
  write(frame: Buffer | string): boolean {
    if (!this.open) return false;
    const res = this.res;
    if (res.writableLength > this.budget()) {
      this.dropped = true;
      this.onDrop(res.writableLength);
      // The session survives; the client may open a new stream.
      res.destroy();
      return false;
    }
    res.write(frame);
    return true;
  }

  /** Encodes and writes one message; a dropped or closed stream costs no encoding. */
  send(message: JSONRPCMessage): boolean {
    return this.open && this.write(sseFrame(message));
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
