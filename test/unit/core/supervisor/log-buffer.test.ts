import { describe, expect, it } from 'vitest';
import { LineSplitter, LogBuffer } from '../../../../electron/core/supervisor/log-buffer.js';

const line = (text: string) => ({ serverId: 's', at: 0, stream: 'stderr' as const, text });

describe('LogBuffer', () => {
  it('keeps the last `capacity` lines oldest first', () => {
    const buf = new LogBuffer(3);
    for (const t of ['a', 'b']) buf.push(line(t));
    expect(buf.toArray().map((l) => l.text)).toEqual(['a', 'b']);
    for (const t of ['c', 'd', 'e']) buf.push(line(t));
    expect(buf.toArray().map((l) => l.text)).toEqual(['c', 'd', 'e']);
  });

  it('defaults to 1,000 lines', () => {
    const buf = new LogBuffer();
    for (let i = 0; i < 1200; i++) buf.push(line(String(i)));
    const all = buf.toArray();
    expect(all).toHaveLength(1000);
    expect([all[0].text, all[999].text]).toEqual(['200', '1199']);
  });
});

describe('LineSplitter', () => {
  it('joins partial chunks, splits CRLF, flushes the tail', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    s.write('one\r\ntw');
    s.write('o\nthree');
    expect(out).toEqual(['one', 'two']);
    s.flush();
    expect(out).toEqual(['one', 'two', 'three']);
  });

  it('cuts a runaway line without newline', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    s.write('x'.repeat(10_000));
    expect(out).toHaveLength(1);
    expect(out[0].length).toBe(8192);
  });
});
