import { describe, expect, it } from 'vitest';
import { clampLine, LineSplitter, LogBuffer, MAX_LINE_BYTES } from '../../../../electron/core/supervisor/log-buffer.js';

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

describe('log byte budgets', () => {
  it('clampLine keeps short lines as they are and cuts long ones on a character boundary', () => {
    expect(clampLine('hello', 16)).toBe('hello');
    const cut = clampLine('é'.repeat(100), 41);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(41);
    expect(cut).toMatch(/^é+ …\[cut\]$/);
  });

  it('drops the oldest lines once the bytes per server pass the budget', () => {
    const buf = new LogBuffer(1000, 1000);
    for (let i = 0; i < 50; i++) buf.push(line(`${i}`.padStart(100, '-')));
    const { lines, bytes } = buf.size();
    expect(bytes).toBeLessThanOrEqual(1000);
    expect(lines).toBe(10);
    expect(buf.toArray().at(-1)!.text.endsWith('49')).toBe(true);
    expect(buf.toArray()[0].text.endsWith('40')).toBe(true);
  });

  it('a single line bigger than the server budget is cut to fit', () => {
    const buf = new LogBuffer(10, 200);
    buf.push(line('z'.repeat(5000)));
    expect(buf.size().bytes).toBeLessThanOrEqual(200);
    expect(buf.toArray()).toHaveLength(1);
  });

  it('stays bounded under a long run of pushes', () => {
    const buf = new LogBuffer();
    for (let i = 0; i < 20_000; i++) buf.push(line('w'.repeat(2000)));
    expect(buf.size().bytes).toBeLessThanOrEqual(512 * 1024);
    expect(buf.toArray().length).toBe(buf.size().lines);
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

  it('emits a runaway line without newline once it passes the line limit, uncut (the caller redacts, then clamps)', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    s.write('x'.repeat(4_000));
    expect(out).toHaveLength(0);
    s.write('x'.repeat(6_000));
    expect(out).toEqual(['x'.repeat(10_000)]);
    s.write('tail');
    s.flush();
    expect(out[1]).toBe('tail');
  });

  it('emits an over-long complete line whole, and clampLine then bounds it', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l));
    s.write('short\n' + 'y'.repeat(100_000) + '\nafter\n');
    expect(out.map((l) => l.length)).toEqual([5, 100_000, 5]);
    expect(Buffer.byteLength(clampLine(out[1]))).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });
});
