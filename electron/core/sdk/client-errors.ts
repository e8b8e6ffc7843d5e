// The children's client is SDK v2, whose failures are ProtocolError (a JSON-RPC error from the child) and
// SdkError (timeout, closed connection, ...), while the gateway still answers its own clients with v1's McpError.
// One translation here, at the seam, so the error paths above it keep testing a single class.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** The v1 wire code of each v2 SDK failure that has one; the others stay plain errors with their message. */
const SDK_CODES: Partial<Record<SdkErrorCode, number>> = {
  [SdkErrorCode.RequestTimeout]: ErrorCode.RequestTimeout,
  [SdkErrorCode.ConnectionClosed]: ErrorCode.ConnectionClosed,
};

/** A child's failure as an McpError where it has an MCP code (its own JSON-RPC error, a timeout, a lost connection). */
export function asMcpError(err: unknown): unknown {
  if (err instanceof McpError) return err;
  if (err instanceof ProtocolError) return new McpError(err.code, err.message, err.data);
  if (err instanceof SdkError) {
    const code = SDK_CODES[err.code];
    if (code !== undefined) return new McpError(code, err.message, err.data);
  }
  return err;
}
