// The children's client reports failures as ProtocolError (a JSON-RPC error from the child) and SdkError (timeout,
// closed connection, ...). The gateway answers its own clients with ProtocolErrors, so a local SdkError that has a
// wire code becomes one here, at the seam, and the error paths above it keep testing a single class.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/server';
import { McpErrorCode } from './types.js';

/** The wire code of each SDK failure that has one; the others stay plain errors with their message. */
const SDK_CODES: Partial<Record<SdkErrorCode, number>> = {
  [SdkErrorCode.RequestTimeout]: McpErrorCode.RequestTimeout,
  [SdkErrorCode.ConnectionClosed]: McpErrorCode.ConnectionClosed,
};

/** A child's failure as a ProtocolError where it has an MCP code (its own JSON-RPC error, a timeout, a lost connection). */
export function asMcpError(err: unknown): unknown {
  if (err instanceof ProtocolError) return err;
  if (err instanceof SdkError) {
    const code = SDK_CODES[err.code];
    if (code !== undefined) return new ProtocolError(code, err.message, err.data);
  }
  return err;
}
