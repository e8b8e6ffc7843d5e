// A child's line is read by its shape when it is a plain reply (supervisor/stdio-limit.ts parseChildLine), and by
// the SDK's message schema otherwise. Either way the outcome must be the SDK's deserializeMessage's: the same
// message, or an error where it throws one.
import { describe, expect, it } from 'vitest';
import { deserializeMessage } from '@modelcontextprotocol/client';
import { parseChildLine } from '../../../../electron/core/supervisor/stdio-limit.js';

const lines: [string, unknown][] = [
  ['a result', { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'hi' }] } }],
  ['a string id', { jsonrpc: '2.0', id: 'a', result: {} }],
  ['a result with _meta', { jsonrpc: '2.0', id: 2, result: { _meta: { progressToken: 1 }, content: [] } }],
  ['a result with a bad _meta', { jsonrpc: '2.0', id: 2, result: { _meta: 'x' } }],
  ['an error', { jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'bad', data: { a: 1 } } }],
  ['an error without id', { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } }],
  ['an error with a fractional code', { jsonrpc: '2.0', id: 3, error: { code: 1.5, message: 'x' } }],
  ['an error with an extra key', { jsonrpc: '2.0', id: 3, error: { code: 1, message: 'x', extra: true } }],
  ['a reply with an extra top-level key', { jsonrpc: '2.0', id: 4, result: {}, extra: 1 }],
  ['a result that is an array', { jsonrpc: '2.0', id: 5, result: [] }],
  ['a result that is null', { jsonrpc: '2.0', id: 5, result: null }],
  ['a fractional id', { jsonrpc: '2.0', id: 1.5, result: {} }],
  ['a null id', { jsonrpc: '2.0', id: null, result: {} }],
  ['another jsonrpc version', { jsonrpc: '1.0', id: 1, result: {} }],
  ['no jsonrpc', { id: 1, result: {} }],
  ['both result and error', { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }],
  ['a request', { jsonrpc: '2.0', id: 7, method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } }],
  ['a notification', { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } }],
  ['a request with an extra key', { jsonrpc: '2.0', id: 7, method: 'ping', extra: 1 }],
  ['an array', [{ jsonrpc: '2.0', id: 1, result: {} }]],
  ['a number', 42],
];

function outcome(read: (line: string) => unknown, line: string): { ok: unknown } | { threw: true } {
  try {
    return { ok: read(line) };
  } catch {
    return { threw: true };
  }
}

describe('parseChildLine', () => {
  it.each(lines)('reads %s as the SDK does', (_name, value) => {
    const line = JSON.stringify(value);
    expect(outcome(parseChildLine, line)).toEqual(outcome(deserializeMessage, line));
  });

  it('throws on a line that is not JSON, as the SDK does', () => {
    expect(() => parseChildLine('{"jsonrpc":')).toThrow();
    expect(() => deserializeMessage('{"jsonrpc":')).toThrow();
  });
});
