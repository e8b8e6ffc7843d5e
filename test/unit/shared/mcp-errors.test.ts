import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { appCodeOf, attributed, McpCode, mcpToAppError, stripMcpPrefix } from '../../../shared/mcp-errors.js';

describe('shared MCP error mapping', () => {
  it('uses the SDK error codes (shared/ cannot import the SDK, so they are copied)', () => {
    expect(McpCode.InvalidParams).toBe(ProtocolErrorCode.InvalidParams);
    expect(McpCode.InternalError).toBe(ProtocolErrorCode.InternalError);
    // The SDK v2 reports a lost connection and a timeout locally (SdkError), but these v1 wire codes still
    // arrive from the gateway and from children on the v1 SDK: v2 must not give them another meaning.
    expect(McpCode).toMatchObject({ ConnectionClosed: -32000, RequestTimeout: -32001 });
    expect(Object.values(ProtocolErrorCode)).not.toContain(McpCode.ConnectionClosed);
    expect(Object.values(ProtocolErrorCode)).not.toContain(McpCode.RequestTimeout);
  });

  it('strips the prefix the v1 SDK adds at every hop, and only at the start', () => {
    // A v1 peer (a child, or a gateway on the v1 SDK) sends "MCP error <code>: " once per hop it re-raised.
    const twice = 'MCP error -32603: MCP error -32602: bad MCP error -1: x';
    expect(stripMcpPrefix(twice)).toBe('bad MCP error -1: x');
    expect(stripMcpPrefix('plain')).toBe('plain');
    // The v2 SDK adds no prefix: its messages pass unchanged.
    const v2 = new ProtocolError(ProtocolErrorCode.InvalidParams, 'bad MCP error -1: x');
    expect(stripMcpPrefix(v2.message)).toBe('bad MCP error -1: x');
  });

  it('attributes a child failure to its server, then redacts', () => {
    const redact = (t: string) => t.replaceAll('sk-secret', '[REDACTED]');
    expect(attributed('openai', 'MCP error -32603: key sk-secret refused', redact)).toBe('[openai] key [REDACTED] refused');
    expect(attributed('x', 'boom')).toBe('[x] boom');
  });

  it('maps codes: the gateway tag first, then timeout, else UPSTREAM_ERROR', () => {
    expect(appCodeOf(new ProtocolError(ProtocolErrorCode.InvalidParams, 'Unknown tool: a', { appCode: 'TOOL_NOT_FOUND' }))).toBe(
      ErrorCode.TOOL_NOT_FOUND,
    );
    // A tag from the wire that is not one of our codes does not leak through as a code.
    expect(appCodeOf(new ProtocolError(ProtocolErrorCode.InvalidParams, 'x', { appCode: 'MADE_UP' }))).toBe(ErrorCode.UPSTREAM_ERROR);
    expect(appCodeOf(new ProtocolError(McpCode.RequestTimeout, 'Request timed out'))).toBe(ErrorCode.TIMEOUT);
    expect(appCodeOf(new ProtocolError(ProtocolErrorCode.InternalError, 'boom', 'not an object'))).toBe(ErrorCode.UPSTREAM_ERROR);
  });

  it('turns a ProtocolError into an AppError with the bare message', () => {
    const err = mcpToAppError(new ProtocolError(ProtocolErrorCode.InternalError, 'MCP error -32603: [x] boom'));
    expect(err).toBeInstanceOf(AppError);
    expect(err.toInfo()).toEqual({ code: ErrorCode.UPSTREAM_ERROR, message: '[x] boom' });
  });
});
