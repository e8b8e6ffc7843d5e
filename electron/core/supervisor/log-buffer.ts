// Bounded per-server log storage and a splitter that turns stderr chunks into lines.
// Bounded three ways, because a child printing without pause must not grow our memory:
// lines per server, bytes per line and bytes per server.
import type { LogLine } from '../../../shared/types.js';
import { CUT_MARK } from '../secrets/secret-forms.js';

const LOG_CAPACITY = 1000;
/** Longest line kept, in UTF-8 bytes; longer ones are cut and marked. */
export const MAX_LINE_BYTES = 8192;
/** All lines of one server together, in UTF-8 bytes of their text; the oldest go first. */
const MAX_SERVER_LOG_BYTES = 512 * 1024;

/** `text` within `maxBytes` UTF-8 bytes (marked when cut); cheap for the usual short line. */
export function clampLine(text: string, maxBytes = MAX_LINE_BYTES): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no measuring.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  const room = Math.max(0, maxBytes - Buffer.byteLength(CUT_MARK));
  // Decoding a cut multi-byte sequence yields U+FFFD (3 bytes); drop it rather than overshoot.
  const head = Buffer.from(text)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return head + CUT_MARK;
}

/** Ring buffer of the last lines that fit both `capacity` and `maxBytes`. */
export class LogBuffer {
  private lines: { line: LogLine; bytes: number }[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly capacity = LOG_CAPACITY,
    private readonly maxBytes = MAX_SERVER_LOG_BYTES,
  ) {}

  push(line: LogLine): void {
    const text = clampLine(line.text, Math.min(MAX_LINE_BYTES, this.maxBytes));
    const entry = { line: text === line.text ? line : { ...line, text }, bytes: Buffer.byteLength(text) };
    this.lines.push(entry);
    this.bytes += entry.bytes;
    while (this.lines.length - this.head > this.capacity || this.bytes > this.maxBytes) {
      this.bytes -= this.lines[this.head].bytes;
      this.head++;
    }
    // Drop the consumed front now and then instead of shifting on every push.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** Bytes of text held now (tests, diagnostics). */
  size(): { lines: number; bytes: number } {
    return { lines: this.lines.length - this.head, bytes: this.bytes };
  }

  /** Oldest first. */
  toArray(): LogLine[] {
    return this.lines.slice(this.head).map((e) => e.line);
  }
}

/**
 * Feeds text chunks; calls onLine for every complete line (without the newline). Lines are not
 * cut here: the caller redacts first and then clamps, so no secret is cut in two before the
 * redactor sees it whole. A line without a newline is emitted in pieces of about
 * MAX_LINE_BYTES plus one chunk (the redactor also masks a secret's pieces at their edges).
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
    // A runaway child printing without newlines: emit what we have as a line.
    if (this.partial.length > MAX_LINE_BYTES) {
      this.onLine(this.partial);
      this.partial = '';
    }
  }

  /** Emits a trailing line that had no newline (on stream end). */
  flush(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }
}
