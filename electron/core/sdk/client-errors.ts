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

// The failures the SDK Client reports for a request, made the same way for the gateway's direct requests to a
// 2025-era stdio child (gateway/child-lane.ts), so a client cannot tell which way its request went.

/** No reply within `timeout` ms. */
export function requestTimedOut(timeout: number): Error {
  return new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout });
}

/** The caller's signal aborted with `reason`. */
export function requestCancelled(reason: unknown): Error {
  return reason instanceof SdkError ? reason : new SdkError(SdkErrorCode.RequestTimeout, String(reason));
}

/** The child's connection closed with the request out. */
export function connectionClosed(): Error {
  return new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed');
}

/** The child's result failed the method's result schema; the issues are worded as the SDK words them. */
export function invalidResult(method: string, issues: readonly { message: string; path?: readonly unknown[] }[]): Error {
  const text = issues
    .map((i) =>
      i.path?.length
        ? `${i.path.map((p) => String(typeof p === 'object' && p !== null ? (p as { key: unknown }).key : p)).join('.')}: ${i.message}`
        : i.message,
    )
    .join(', ');
  return new SdkError(SdkErrorCode.InvalidResult, `Invalid result for ${method}: ${text}`);
}

/** A child's JSON-RPC error reply, as the SDK Client rejects with it. */
export function childError(error: { code: number; message: string; data?: unknown }): Error {
  return ProtocolError.fromError(error.code, error.message, error.data);
}
