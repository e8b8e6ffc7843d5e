// The one mapping of MCP errors, for the core (gateway, control API) and the client library alike:
// SDK v1's message prefix stripped (a child on v1 still sends it), a child's failure attributed to it, MCP codes
// mapped to our AppError codes. shared/ does not import the SDK, so this reads the error's fields (SDK v2's
// ProtocolError, or anything with a code and a message).
import { AppError, ErrorCode } from './errors.js';

/** The JSON-RPC error codes this mapping reads (the timeout and closed-connection ones are SDK v1's, still on the wire). */
export const McpCode = {
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** What this module reads of an MCP error (SDK v2's `ProtocolError`). */
export interface McpErrorFields {
  code: number;
  message: string;
  data?: unknown;
}

/** The AppError code a gateway routing failure carries in its error data, so the mapping is exact. */
export interface GatewayErrorData {
  appCode: ErrorCode;
}

export type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

// SDK v1's McpError prepended "MCP error <code>: " to every message, once per hop it was re-raised; v1 children
// and clients still do.
const SDK_PREFIX = /^(MCP error -?\d+: )+/;

/** The message without the SDK's "MCP error -N: " prefixes. */
export function stripMcpPrefix(message: string): string {
  return message.replace(SDK_PREFIX, '');
}

/** A child's failure as clients see it: `[serverId] message`, prefix stripped, then redacted. */
export function attributed(serverId: string, message: string, redact: Redact = asIs): string {
  return redact(`[${serverId}] ${stripMcpPrefix(message)}`);
}

const APP_CODES = new Set<string>(Object.values(ErrorCode));

/** The AppError code for an MCP error: the gateway's own tag when present, else by the MCP code. */
export function appCodeOf(err: McpErrorFields): ErrorCode {
  const tagged = (err.data as Partial<GatewayErrorData> | undefined)?.appCode;
  // The tag may have come over the wire: only a code we know counts.
  if (typeof tagged === 'string' && APP_CODES.has(tagged)) return tagged;
  if (err.code === McpCode.RequestTimeout) return ErrorCode.TIMEOUT;
  return ErrorCode.UPSTREAM_ERROR;
}

/** For callers outside MCP (control API, CLI, client library): an MCP error as an AppError. */
export function mcpToAppError(err: McpErrorFields): AppError {
  return new AppError(appCodeOf(err), stripMcpPrefix(err.message));
}
