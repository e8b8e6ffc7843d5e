// Incremental text/event-stream parser on eventsource-parser. Bytes arrive in arbitrary chunks,
// so lines and even UTF-8 sequences may be split across pushes.
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  private pending: SseMessage[] = [];

  constructor() {
    this.parser = createParser({
      onEvent: (e) => {
        const message: SseMessage = { event: e.event ?? 'message', data: e.data };
        if (e.id !== undefined) message.id = e.id;
        this.pending.push(message);
      },
    });
  }

  /** Feed bytes or text; returns the messages completed by this chunk. */
  push(chunk: Uint8Array | string): SseMessage[] {
    this.parser.feed(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
