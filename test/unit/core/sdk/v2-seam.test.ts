// The SDK v2 seam the gateway's 2026 front stands on (electron/core/sdk/v2-server.ts): the era classifier decides
// which path a POST takes (after gateway/envelope.ts's plainLegacyRequest, held to it here), so a drift in it would send 2025 clients to the wrong front or the reverse.
import { describe, expect, it } from 'vitest';
import { classifyInboundRequest, createRequestStateCodec } from '../../../../electron/core/sdk/v2-server.js';
import { plainLegacyRequest } from '../../../../electron/core/gateway/envelope.js';

const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const classify = (body: unknown, headers: { version?: string; method?: string } = {}) =>
  classifyInboundRequest({ httpMethod: 'POST', protocolVersionHeader: headers.version, mcpMethodHeader: headers.method, body }).kind;

describe('the SDK v2 seam', () => {
  it('classifies initialize and plain 2025 requests as legacy, an enveloped 2026 request as not', () => {
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    };
    expect(classify(init)).toBe('legacy');
    expect(classify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { version: '2025-11-25' })).toBe('legacy');
    const modern = { jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: envelope } };
    expect(classify(modern, { version: '2026-07-28', method: 'tools/list' })).not.toBe('legacy');
  });

  it('decides plain 2025 requests without the classifier, and never where the classifier would not call them legacy', () => {
    const bodies: unknown[] = [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x', arguments: {} } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'x', _meta: { progressToken: 7 } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'x', _meta: { progressToken: {} } } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { _meta: envelope } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': 7 } } },
      { jsonrpc: '2.0', id: 6, method: 'initialize', params: { protocolVersion: '2025-11-25' } },
      { jsonrpc: '2.0', id: 7, method: 'tools/list', params: [] },
      { jsonrpc: '2.0', id: 8, method: 'tools/list', params: { _meta: [] } },
      { jsonrpc: '2.0', id: null, method: 'tools/list' },
      { jsonrpc: '2.0', id: 1.5, method: 'tools/list' },
      { jsonrpc: '1.0', id: 9, method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 10, result: {} },
      [{ jsonrpc: '2.0', id: 11, method: 'tools/list' }],
      'tools/list',
      null,
    ];
    const headers = [undefined, '2025-11-25', '2025-06-18', '2024-11-05', '2024-10-07', '2026-07-28', ' 2025-11-25', 'garbage'];
    let decided = 0;
    for (const body of bodies) {
      for (const version of headers) {
        if (!plainLegacyRequest(body, version)) continue;
        decided++;
        expect(classify(body, { version }), JSON.stringify({ body, version })).toBe('legacy');
      }
    }
    // The everyday requests are decided here: a plain call with and without a 2025 header.
    expect(plainLegacyRequest(bodies[1], undefined)).toBe(true);
    expect(plainLegacyRequest(bodies[1], '2025-11-25')).toBe(true);
    expect(plainLegacyRequest(bodies[4], '2025-11-25')).toBe(false);
    expect(decided).toBeGreaterThan(6);
  });

  it('seals requestState: what it minted verifies, anything changed does not', async () => {
    const codec = createRequestStateCodec<{ held: string }>({ key: new Uint8Array(32).fill(7), ttlSeconds: 60 });
    const state = await codec.mint({ held: 'x' });
    await expect(codec.verify(state, {} as never)).resolves.toEqual({ held: 'x' });
    // One character changed in the payload, then in the tag: at the first character of each, whose six bits all
    // count (a base64url string's last character may carry bits a decoder ignores, so changing it can change nothing).
    const payloadAt = state.indexOf('.') + 1;
    const tagAt = state.lastIndexOf('.') + 1;
    for (const at of [payloadAt, tagAt]) {
      const changed = `${state.slice(0, at)}${state[at] === 'A' ? 'B' : 'A'}${state.slice(at + 1)}`;
      await expect(codec.verify(changed, {} as never), `changed at ${at}`).rejects.toThrow();
    }
  });
});
