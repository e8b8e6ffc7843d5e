// Bounded per-server log storage and a splitter that turns stderr chunks into lines.
import type { LogLine } from '../../../shared/types.js';

export const LOG_CAPACITY = 1000;
/** A runaway child printing without newlines must not grow memory without bound. */
const MAX_LINE_CHARS = 8192;

/** Ring buffer of the last `capacity` lines. */
export class LogBuffer {
  private lines: LogLine[] = [];
  private next = 0;

  constructor(private readonly capacity = LOG_CAPACITY) {}

  push(line: LogLine): void {
    if (this.lines.length < this.capacity) this.lines.push(line);
    else {
      this.lines[this.next] = line;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** Oldest first. */
  toArray(): LogLine[] {
    return [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
  }
}

/** Feeds text chunks; calls onLine for every complete line (without the newline). */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
    if (this.partial.length > MAX_LINE_CHARS) {
      this.onLine(this.partial.slice(0, MAX_LINE_CHARS));
      this.partial = '';
    }
  }

  /** Emits a trailing line that had no newline (on stream end). */
  flush(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }
}
