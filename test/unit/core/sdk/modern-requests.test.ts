// The seam's per-era shaping of the gateway's requests to a child (electron/core/sdk/modern-requests.ts).
import { describe, expect, it } from 'vitest';
import {
  encodeParamValue,
  prepareRequest,
  ToolHeaderIndex,
  withCallerInputResponses,
} from '../../../../electron/core/sdk/modern-requests.js';

const CAPS = 'io.modelcontextprotocol/clientCapabilities';

function index(): ToolHeaderIndex {
  const tools = new ToolHeaderIndex();
  tools.record([
    {
      name: 'geo',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, n: { type: 'integer', 'x-mcp-header': 'N' }, other: {} },
      },
    },
  ]);
  return tools;
}

describe('modern-requests', () => {
  it('encodes a header value plainly when it is safe visible ASCII, in the base64 sentinel otherwise', () => {
    expect(encodeParamValue('Hello')).toBe('Hello');
    expect(encodeParamValue('SGVsbG8=')).toBe('SGVsbG8=');
    expect(encodeParamValue('=?base64?SGVsbG8=')).toBe('=?base64?SGVsbG8=');
    expect(encodeParamValue('=?base64?SGVsbG8=?=')).toBe(`=?base64?${Buffer.from('=?base64?SGVsbG8=?=').toString('base64')}?=`);
    expect(encodeParamValue('Zürich')).toBe(`=?base64?${Buffer.from('Zürich').toString('base64')}?=`);
    expect(encodeParamValue(' x ')).toBe(`=?base64?${Buffer.from(' x ').toString('base64')}?=`);
    expect(encodeParamValue('')).toBe('=?base64??=');
  });

  it('mirrors declared arguments of a tools/call into Mcp-Param headers on a modern connection only', () => {
    const req = { method: 'tools/call', params: { name: 'geo', arguments: { region: 'eu', n: 3, other: 'x' } } };
    expect(prepareRequest(req, 'modern', index()).headers).toEqual({ 'Mcp-Param-Region': 'eu', 'Mcp-Param-N': '3' });
    expect(prepareRequest(req, 'legacy', index()).headers).toEqual({});
    expect(
      prepareRequest({ method: 'tools/call', params: { name: 'unknown', arguments: { region: 'eu' } } }, 'modern', index()).headers,
    ).toEqual({});
  });

  it('gives the caller’s inputResponses to the first request of a modern call, never to the SDK’s own retry legs', () => {
    const first = { method: 'tools/call', params: { name: 'geo', arguments: {} } };
    const retry = { method: 'tools/call', params: { name: 'geo', arguments: {}, requestState: 's', inputResponses: { a: {} } } };
    const answers = { user_name: { action: 'accept', content: { name: 'Ada' } } };
    withCallerInputResponses(answers, () => {
      expect(prepareRequest(first, 'modern', index()).request.params?.inputResponses).toEqual(answers);
      expect(prepareRequest(retry, 'modern', index()).request).toBe(retry);
      expect(prepareRequest(first, 'legacy', index()).request).toBe(first);
      expect(prepareRequest({ method: 'tools/list', params: {} }, 'modern', index()).request.params).toEqual({});
    });
    expect(prepareRequest(first, 'modern', index()).request).toBe(first);
  });

  it('keeps the 2026 envelope keys out of a 2025 session, and other _meta keys in', () => {
    const req = { method: 'tools/call', params: { name: 'geo', _meta: { [CAPS]: { sampling: {} }, trace: 't' } } };
    expect(prepareRequest(req, 'legacy', index()).request.params).toEqual({ name: 'geo', _meta: { trace: 't' } });
    expect(prepareRequest(req, 'modern', index()).request.params?._meta).toEqual({ [CAPS]: { sampling: {} }, trace: 't' });
    const only = { method: 'tools/call', params: { name: 'geo', _meta: { [CAPS]: {} } } };
    expect(prepareRequest(only, undefined, index()).request.params).toEqual({ name: 'geo' });
  });
});
