// The SDK v2 seam the gateway's 2026 front stands on (electron/core/sdk/v2-server.ts): the era classifier decides
// which path a POST takes, so a drift in it would send 2025 clients to the wrong front or the reverse.
import { describe, expect, it } from 'vitest';
import { classifyInboundRequest, createRequestStateCodec } from '../../../../electron/core/sdk/v2-server.js';

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

  it('seals requestState: what it minted verifies, anything changed does not', async () => {
    const codec = createRequestStateCodec<{ held: string }>({ key: new Uint8Array(32).fill(7), ttlSeconds: 60 });
    const state = await codec.mint({ held: 'x' });
    await expect(codec.verify(state, {} as never)).resolves.toEqual({ held: 'x' });
    await expect(codec.verify(`${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`, {} as never)).rejects.toThrow();
  });
});
