import { ErrorCode as SdkCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { appCodeOf, attributed, McpCode, mcpToAppError, stripMcpPrefix } from '../../../shared/mcp-errors.js';

describe('shared MCP error mapping', () => {
  it('uses the SDK error codes (shared/ cannot import the SDK, so they are copied)', () => {
    expect(McpCode).toEqual({
      ConnectionClosed: SdkCode.ConnectionClosed,
      RequestTimeout: SdkCode.RequestTimeout,
      InvalidParams: SdkCode.InvalidParams,
      InternalError: SdkCode.InternalError,
    });
  });

  it('strips the prefix the SDK adds at every hop, and only at the start', () => {
    const twice = new McpError(SdkCode.InternalError, new McpError(SdkCode.InvalidParams, 'bad MCP error -1: x').message);
    expect(twice.message).toBe('MCP error -32603: MCP error -32602: bad MCP error -1: x');
    expect(stripMcpPrefix(twice.message)).toBe('bad MCP error -1: x');
    expect(stripMcpPrefix('plain')).toBe('plain');
  });

  it('attributes a child failure to its server, then redacts', () => {
    const redact = (t: string) => t.replaceAll('sk-secret', '[REDACTED]');
    expect(attributed('openai', 'MCP error -32603: key sk-secret refused', redact)).toBe('[openai] key [REDACTED] refused');
    expect(attributed('x', 'boom')).toBe('[x] boom');
  });

  it('maps codes: the gateway tag first, then timeout, else UPSTREAM_ERROR', () => {
    expect(appCodeOf(new McpError(SdkCode.InvalidParams, 'Unknown tool: a', { appCode: 'TOOL_NOT_FOUND' }))).toBe(ErrorCode.TOOL_NOT_FOUND);
    // A tag from the wire that is not one of our codes does not leak through as a code.
    expect(appCodeOf(new McpError(SdkCode.InvalidParams, 'x', { appCode: 'MADE_UP' }))).toBe(ErrorCode.UPSTREAM_ERROR);
    expect(appCodeOf(new McpError(SdkCode.RequestTimeout, 'Request timed out'))).toBe(ErrorCode.TIMEOUT);
    expect(appCodeOf(new McpError(SdkCode.InternalError, 'boom', 'not an object'))).toBe(ErrorCode.UPSTREAM_ERROR);
  });

  it('turns an McpError into an AppError with the bare message', () => {
    const err = mcpToAppError(new McpError(SdkCode.InternalError, '[x] boom'));
    expect(err).toBeInstanceOf(AppError);
    expect(err.toInfo()).toEqual({ code: ErrorCode.UPSTREAM_ERROR, message: '[x] boom' });
  });
});
