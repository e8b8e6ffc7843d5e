import { describe, expect, it } from 'vitest';
import { encodeReply } from '../../../../electron/core/gateway/reply-encoding.js';

const text = (r: { chunks: (Buffer | string)[]; length: number }) => {
  const all = Buffer.concat(r.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  expect(all.length).toBe(r.length);
  return all.toString('utf8');
};

const tools = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `s__t${i}`, description: `tool ${i} "quoted" é`, inputSchema: { type: 'object' } }));

describe('reply encoding', () => {
  it('writes exactly what JSON.stringify would, with or without a cached list', () => {
    const frozen = Object.freeze(tools(40));
    for (const reply of [
      { jsonrpc: '2.0', id: 7, result: { tools: frozen } },
      { jsonrpc: '2.0', id: 'x"y', result: { tools: frozen, nextCursor: 'c1' } },
      { jsonrpc: '2.0', id: 8, result: { tools: tools(40) } },
      { jsonrpc: '2.0', id: 9, result: { content: [{ type: 'text', text: 'hi' }] } },
      { jsonrpc: '2.0', id: 10, error: { code: -32601, message: 'nope' } },
      [
        { jsonrpc: '2.0', id: 1, result: {} },
        { jsonrpc: '2.0', id: 2, result: { tools: frozen } },
      ],
    ]) {
      expect(JSON.parse(text(encodeReply(reply)))).toEqual(JSON.parse(JSON.stringify(reply)));
    }
  });

  it('reuses the encoded bytes of a frozen list across replies and ids', () => {
    const frozen = Object.freeze(tools(50));
    const a = encodeReply({ jsonrpc: '2.0', id: 1, result: { tools: frozen } });
    const b = encodeReply({ jsonrpc: '2.0', id: 2, result: { tools: frozen } });
    expect(a.chunks).toHaveLength(3);
    expect(b.chunks[1]).toBe(a.chunks[1]);
    expect(text(b)).toContain('"id":2');
  });

  it('never caches a list that could still change', () => {
    const open = tools(50);
    expect(encodeReply({ jsonrpc: '2.0', id: 1, result: { tools: open } }).chunks).toHaveLength(1);
  });
});
