// The hand check that stands in for the SDK's envelope parse on the JSON path: whatever it accepts,
// the SDK's JSONRPCRequestSchema accepts too and returns unchanged; what it refuses goes to the schema.
import { describe, expect, it } from 'vitest';
import { checkSpec } from '../../../../electron/core/sdk/validation.js';
import { plainRequest } from '../../../../electron/core/gateway/envelope.js';

const ok = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'a', arguments: { x: 1 } } };

const PLAIN: Record<string, unknown>[] = [
  ok,
  { jsonrpc: '2.0', id: 'x', method: 'tools/list' },
  { jsonrpc: '2.0', id: 0, method: 'm', params: {} },
  { jsonrpc: '2.0', id: 2, method: 'm', params: { _meta: { progressToken: 'p' } } },
  { jsonrpc: '2.0', id: 3, method: 'm', params: { _meta: { progressToken: 7 }, other: [1] } },
  { jsonrpc: '2.0', id: 4, method: 'm', params: { _meta: {} } },
];

const NOT_PLAIN: unknown[] = [
  { ...ok, jsonrpc: '1.0' },
  { ...ok, id: 1.5 },
  { ...ok, id: null },
  { ...ok, id: 2 ** 60 },
  { ...ok, method: 3 },
  { ...ok, extra: true },
  { ...ok, params: [] },
  { ...ok, params: 'x' },
  { ...ok, params: { _meta: { progressToken: 1.5 } } },
  { ...ok, params: { _meta: { progressToken: {} } } },
  { ...ok, params: { _meta: { 'io.modelcontextprotocol/related-task': 'bad' } } },
  { ...ok, params: { _meta: [] } },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 1, result: {} },
];

describe('plainRequest', () => {
  it('accepts only requests the SDK schema accepts unchanged', () => {
    for (const m of PLAIN) {
      expect(plainRequest(m), JSON.stringify(m)).toBe(true);
      const parsed = checkSpec('JSONRPCRequest', m);
      expect(parsed.success, JSON.stringify(m)).toBe(true);
      expect(parsed.success && parsed.data).toEqual(m);
    }
  });

  it('leaves everything else to the schema', () => {
    for (const m of NOT_PLAIN) expect(plainRequest(m as Record<string, unknown>), JSON.stringify(m)).toBe(false);
  });
});
