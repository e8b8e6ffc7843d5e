// The pieces of max_message_bytes: the id scanner over a message split anywhere, the stdio line
// reader (big lines whole, oversized ones replaced by an error, the next line unharmed), and the
// HTTP fetch's SSE cut (an oversized event ends the stream with an error event, unread).
import { describe, expect, it } from 'vitest';
import { TopLevelScanner, PendingRequests } from '../../../../electron/core/supervisor/message-limit.js';
import { BoundedLineReader } from '../../../../electron/core/supervisor/stdio-limit.js';
import { limitHttpMessages } from '../../../../electron/core/supervisor/http-limit.js';

function scan(text: string, step: number): TopLevelScanner {
  const s = new TopLevelScanner();
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += step) s.feed(buf.subarray(i, i + step));
  return s;
}

describe('TopLevelScanner', () => {
  const big = 'x"\\'.repeat(1000);
  it.each([1, 3, 7, 4096])('finds the top-level id wherever it is, split every %i bytes', (step) => {
    expect(scan(JSON.stringify({ result: { id: 'inner', text: big }, jsonrpc: '2.0', id: 42 }), step).responseId()).toBe(42);
    expect(scan(JSON.stringify({ jsonrpc: '2.0', id: 'abc', error: { code: 1, message: big } }), step).responseId()).toBe('abc');
  });

  it('reports no response id for a request or a notification', () => {
    expect(scan(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { big } }), 64).responseId()).toBeUndefined();
    expect(scan(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { big } }), 64).responseId()).toBeUndefined();
  });
});

describe('BoundedLineReader', () => {
  function reader(limit: number) {
    const pending = new PendingRequests();
    pending.sent({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'big' } });
    const dropped: number[] = [];
    return {
      r: new BoundedLineReader(
        () => limit,
        pending,
        (n) => dropped.push(n),
      ),
      dropped,
    };
  }

  it('passes lines under the limit whole, in chunks of any size', () => {
    const { r } = reader(1 << 20);
    const line = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text: 'y'.repeat(300_000) } }) + '\n';
    const buf = Buffer.from(line + line);
    for (let i = 0; i < buf.length; i += 65_536) r.append(buf.subarray(i, i + 65_536));
    expect((r.readMessage() as unknown as { result: { text: string } }).result.text.length).toBe(300_000);
    expect(r.readMessage()).not.toBeNull();
    expect(r.readMessage()).toBeNull();
  });

  it('replaces an oversized reply with an error naming the request, and reads the next line', () => {
    const { r, dropped } = reader(10_000);
    const huge = JSON.stringify({ result: { text: 'z'.repeat(50_000) }, jsonrpc: '2.0', id: 5 });
    const next = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'after' } });
    const buf = Buffer.from(`${huge}\n${next}\n`);
    for (let i = 0; i < buf.length; i += 4096) r.append(buf.subarray(i, i + 4096));
    const err = r.readMessage() as unknown as { id: number; error: { message: string; data: { size: number } } };
    expect(err.id).toBe(5);
    expect(err.error.message).toContain('tools/call "big"');
    expect(err.error.data.size).toBe(huge.length);
    expect(r.readMessage()).toMatchObject({ params: { data: 'after' } });
    expect(dropped).toEqual([huge.length]);
  });
});

describe('limitHttpMessages (SSE replies)', () => {
  it('ends a stream at an oversized event with an error event, after the events before it', async () => {
    const small = `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } })}\n\n`;
    const huge = `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 3, result: { t: 'q'.repeat(100_000) } })}\n\n`;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        // Hands out the stream 1 KB at a time, so pulled counts what was read.
        const all = Buffer.from(small + huge);
        if (pulled >= all.length) return c.close();
        c.enqueue(all.subarray(pulled, pulled + 1024));
        pulled += 1024;
      },
    });
    const inner = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const limited = limitHttpMessages(
      () => 10_000,
      () => undefined,
      inner,
    );
    const request = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'big' } };
    const res = await limited('http://x/mcp', { method: 'POST', body: JSON.stringify(request) });
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('notifications/progress');
    expect(events[1]).toContain('the reply to tools/call \\"big\\"');
    expect(pulled).toBeLessThan(20_000);
  });

  it('ends a GET stream at an oversized event, keeping the events before it', async () => {
    const note = `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'ok' } })}\n\n`;
    const huge = `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { data: 'h'.repeat(50_000) } })}\n\n`;
    const inner = async () => new Response(note + huge + note, { headers: { 'content-type': 'text/event-stream' } });
    const sizes: number[] = [];
    const res = await limitHttpMessages(
      () => 10_000,
      (n) => void sizes.push(n),
      inner,
    )('http://x/mcp', { method: 'GET' });
    expect(await res.text()).toBe(note);
    expect(sizes).toHaveLength(1);
  });
});
