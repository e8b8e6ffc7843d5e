// The protocol log's ring (bounded by count and bytes, drops counted), its naming of replies, its
// redaction on the way out, and the transport tap that feeds it (also when others wrap onmessage).
import { describe, expect, it } from 'vitest';
import type { Transport } from '@modelcontextprotocol/server';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { Redactor } from '../../../../electron/core/secrets/redact.js';
import { ProtocolLogs, ProtocolRing, liveEntry, type RawEntry } from '../../../../electron/core/supervisor/protocol-log.js';
import { tapTransport } from '../../../../electron/core/supervisor/protocol-tap.js';
import { orderRepliesAfterNotifications } from '../../../../electron/core/gateway/reply-order.js';
import { GroupStdioTransport } from '../../../../electron/core/supervisor/group-stdio-transport.js';

const clock = { now: () => 1000 };
const raw = (seq: number, size: number): RawEntry => ({
  seq,
  serverId: 's',
  time: seq,
  direction: 'to-server',
  method: 'ping',
  size,
  message: { jsonrpc: '2.0', id: seq, method: 'ping' },
});

describe('ProtocolRing', () => {
  it('keeps at most N messages, oldest dropped first and counted', () => {
    const ring = new ProtocolRing(3, 1_000_000);
    for (let i = 1; i <= 2000; i++) ring.push(raw(i, 10));
    expect(ring.toArray().map((e) => e.seq)).toEqual([1998, 1999, 2000]);
    expect(ring.dropped).toBe(1997);
    expect(ring.byteSize).toBe(30);
  });

  it('keeps within the byte budget, but always keeps the newest message even when it alone is over', () => {
    const ring = new ProtocolRing(500, 100);
    for (let i = 1; i <= 5; i++) ring.push(raw(i, 30));
    expect(ring.toArray().map((e) => e.seq)).toEqual([3, 4, 5]);
    ring.push(raw(6, 500));
    expect(ring.toArray().map((e) => e.seq)).toEqual([6]);
    expect(ring.dropped).toBe(5);
  });
});

describe('ProtocolLogs', () => {
  it('names replies after the request they answer, in both directions, and redacts what it hands out', () => {
    const logs = new ProtocolLogs(clock);
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const rec = logs.sink('srv');
    rec('to-server', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', arguments: { k: 'hunter2-secret' } } }, 80);
    rec('from-server', { jsonrpc: '2.0', id: 7, method: 'sampling/createMessage', params: {} }, 60);
    rec('to-server', { jsonrpc: '2.0', id: 7, result: { text: 'ok' } }, 40);
    rec('from-server', { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'key "hunter2-secret"' }] } }, 90);
    rec('from-server', { jsonrpc: '2.0', method: 'notifications/message', params: { data: 'x' } }, 50);
    const log = logs.snapshot('srv', (v) => redactor.redactDeep(v, { byFieldName: false }));
    expect(log.entries.map((e) => [e.direction, e.method, e.id, e.size])).toEqual([
      ['to-server', 'tools/call', 1, 80],
      ['from-server', 'sampling/createMessage', 7, 60],
      ['to-server', 'response to sampling/createMessage', 7, 40],
      ['from-server', 'response to tools/call', 1, 90],
      ['from-server', 'notifications/message', undefined, 50],
    ]);
    const all = JSON.stringify(log);
    expect(all).not.toContain('hunter2-secret');
    expect(all.match(/\[redacted\]/g)).toHaveLength(2);
    expect(logs.snapshot('other', (v) => v).entries).toEqual([]);
  });

  it('pushes live entries only for a watched server, big ones without their text', () => {
    const logs = new ProtocolLogs(clock);
    const seen: RawEntry[] = [];
    logs.onEntry((e) => seen.push(e));
    logs.record('s', 'to-server', { jsonrpc: '2.0', id: 9, method: 'ping' }, 40);
    expect(seen).toEqual([]);
    logs.watch('s', true);
    logs.watch('s', true);
    logs.watch('s', false);
    logs.record('s', 'from-server', { jsonrpc: '2.0', id: 1, result: { big: 'x'.repeat(40_000) } }, 40_020);
    expect(liveEntry(seen[0], (v) => v)).toMatchObject({ text: '', truncated: true, size: 40_020 });
    logs.watch('s', false);
    logs.record('s', 'to-server', { jsonrpc: '2.0', id: 10, method: 'ping' }, 40);
    expect(seen).toHaveLength(1);
    // Still recorded, only not pushed.
    expect(logs.snapshot('s', (v) => v).entries).toHaveLength(3);
  });
});

/** A transport stand-in: what the SDK's Protocol and our wrappers see. */
function fakeTransport() {
  const sent: JSONRPCMessage[] = [];
  const t: Transport = {
    start: async () => undefined,
    close: async () => undefined,
    send: async (m) => void sent.push(m),
  };
  return { t, sent, deliver: (m: JSONRPCMessage) => t.onmessage?.(m) };
}

describe('tapTransport', () => {
  it('records each message once, both ways, also when onmessage is wrapped after it (reply ordering)', async () => {
    const { t, deliver } = fakeTransport();
    const rec: Array<[string, unknown, number]> = [];
    tapTransport(t, (dir, m, size) => rec.push([dir, (m as { id?: unknown }).id ?? (m as { method?: unknown }).method, size]), {
      size: () => 123,
    });
    const got: JSONRPCMessage[] = [];
    t.onmessage = (m) => void got.push(m); // what Protocol.connect does
    // reply-order.ts keeps the handler it finds and calls it a microtask later
    orderRepliesAfterNotifications({ transport: t });
    await t.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    deliver({ jsonrpc: '2.0', method: 'notifications/message', params: {} });
    deliver({ jsonrpc: '2.0', id: 1, result: {} });
    await Promise.resolve();
    expect(got).toHaveLength(2);
    expect(rec).toEqual([
      ['to-server', 1, Buffer.byteLength(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }))],
      ['from-server', 'notifications/message', 123],
      ['from-server', 1, 123],
    ]);
  });

  it("takes an outgoing message's size from the transport that wrote it: our stdio transport's line, no second encoding", async () => {
    const transport = new GroupStdioTransport({
      command: process.execPath,
      args: ['-e', 'process.stdin.resume()'],
      env: { ...process.env } as Record<string, string>,
    });
    const rec: number[] = [];
    tapTransport(transport, (_dir, _m, size) => rec.push(size));
    await transport.start();
    const message: JSONRPCMessage = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'é', arguments: { text: 'ünïcode' } } };
    await transport.send(message);
    // The message as written, UTF-8, without its newline (as the reader counts what it receives).
    expect(rec).toEqual([Buffer.byteLength(JSON.stringify(message))]);
    await transport.close();
  });

  it('our stdio transport tells the log of each message once, both ways, with no wrapper around its handlers', async () => {
    const transport = new GroupStdioTransport({
      command: process.execPath,
      args: ['-e', 'let all="";process.stdin.on("data",(d)=>all+=d);process.stdin.on("end",()=>process.stdout.write(all))'],
      env: { ...process.env } as Record<string, string>,
    });
    const rec: Array<[string, unknown, number, string | undefined]> = [];
    tapTransport(transport, (dir, m, size, line) => rec.push([dir, (m as { id?: unknown }).id, size, line]));
    const handler = (m: JSONRPCMessage) => void got.push(m);
    const got: JSONRPCMessage[] = [];
    transport.onmessage = handler;
    // Set as it was: nothing wrapped it. Handlers wrapped later (reply ordering) do not record again.
    expect(transport.onmessage).toBe(handler);
    orderRepliesAfterNotifications({ transport });
    const closed = new Promise<void>((r) => (transport.onclose = r));
    await transport.start();
    const ping = { jsonrpc: '2.0' as const, id: 1, method: 'ping' };
    await transport.send(ping);
    await transport.close();
    await closed;
    const line = `${JSON.stringify(ping)}\n`;
    expect(got).toEqual([ping]);
    expect(rec).toEqual([
      ['to-server', 1, line.length - 1, line],
      ['from-server', 1, line.length - 1, undefined],
    ]);
  });

  it('keeps the line the transport carried instead of the message, and renders it as the message would be', async () => {
    const transport = new GroupStdioTransport({
      command: process.execPath,
      args: ['-e', 'process.stdin.resume()'],
      env: { ...process.env } as Record<string, string>,
    });
    const logs = new ProtocolLogs(clock);
    tapTransport(transport, logs.sink('s'));
    await transport.start();
    const message: JSONRPCMessage = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'x', arguments: { key: 'hunter2-secret' } },
    };
    await transport.send(message);
    const held: RawEntry[] = [];
    logs.watch('s', true);
    logs.onEntry((e) => held.push(e));
    await transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
    // What lives on in the ring is one string, not the message's objects.
    expect(held[0].message).toBeUndefined();
    expect(held[0].line).toBe(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } })}\n`);
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const [first] = logs.snapshot('s', (v) => redactor.redactDeep(v, { byFieldName: false })).entries;
    expect(first.text).toBe(JSON.stringify(message).replace('hunter2-secret', '[redacted]'));
    expect(first.size).toBe(Buffer.byteLength(JSON.stringify(message)));
    await transport.close();
  });
});

describe('ProtocolRing byte store', () => {
  /** The ring's rule, kept the plain way: an array of entries, pushed, then trimmed from the oldest. */
  class Model {
    entries: RawEntry[] = [];
    dropped = 0;
    constructor(
      private readonly maxMessages: number,
      private readonly maxBytes: number,
    ) {}
    push(e: RawEntry) {
      this.entries.push(e);
      const bytes = () => this.entries.reduce((n, x) => n + x.size, 0);
      while (this.entries.length > this.maxMessages || (bytes() > this.maxBytes && this.entries.length > 1)) {
        this.entries.shift();
        this.dropped++;
      }
    }
  }

  it('hands back every kept line exactly, across wrap-arounds, growth, multi-byte characters and oversized lines', () => {
    // Seeded, so a failure repeats.
    let state = 42;
    const rand = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    const pieces = ['a', 'é', '€', '😀', '"', '\\\\n', 'x'.repeat(50)];
    for (const [maxMessages, maxBytes] of [
      [7, 300],
      [500, 20_000],
      [40, 70_000],
    ]) {
      const ring = new ProtocolRing(maxMessages, maxBytes);
      const model = new Model(maxMessages, maxBytes);
      for (let seq = 1; seq <= 3000; seq++) {
        let text = '';
        const parts = rand(8) === 0 ? 400 : rand(12);
        for (let i = 0; i < parts; i++) text += pieces[rand(pieces.length)];
        const kind = rand(10);
        const message: JSONRPCMessage = { jsonrpc: '2.0', id: seq, method: 'ping', params: { text } };
        const line = kind === 0 ? undefined : `${JSON.stringify(message)}\n`;
        const e: RawEntry = {
          seq,
          serverId: 's',
          time: seq * 10,
          direction: seq % 2 ? 'to-server' : 'from-server',
          method: 'ping',
          size: line === undefined ? 20 : Buffer.byteLength(line) - 1,
          id: seq,
          message: line === undefined ? message : undefined,
          ...(line !== undefined && { line }),
        };
        ring.push(e);
        model.push(e);
        if (seq < 700 || seq % 97 === 0) {
          expect(ring.toArray()).toEqual(model.entries);
          expect(ring.dropped).toBe(model.dropped);
          expect(ring.byteSize).toBe(model.entries.reduce((n, x) => n + x.size, 0));
        }
      }
    }
  });

  it('keeps a line larger than the whole budget, alone, and drops it for the next', () => {
    const ring = new ProtocolRing(10, 100);
    const big = `"${'é'.repeat(200)}"`;
    ring.push({ ...raw(1, 30), message: undefined, line: '"small"' });
    ring.push({ ...raw(2, Buffer.byteLength(big)), message: undefined, line: big });
    expect(ring.toArray().map((e) => [e.seq, e.line])).toEqual([[2, big]]);
    ring.push({ ...raw(3, 7), message: undefined, line: '"after"' });
    expect(ring.toArray().map((e) => [e.seq, e.line])).toEqual([[3, '"after"']]);
    expect(ring.dropped).toBe(2);
  });
});
