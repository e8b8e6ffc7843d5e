// The one mapping of MCP errors, for the core (gateway, control API) and the client library alike:
// the SDK's message prefix stripped, a child's failure attributed to it, MCP codes mapped to our
// AppError codes. shared/ does not import the SDK, so this reads the McpError's fields.
import { AppError, ErrorCode } from './errors.js';

/** The MCP SDK's error codes this mapping reads (values of its `ErrorCode` enum). */
export const McpCode = {
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** What this module reads of an SDK `McpError`. */
export interface McpErrorFields {
  code: number;
  message: string;
  data?: unknown;
}

/** The AppError code a gateway routing failure carries in its McpError data, so the mapping is exact. */
export interface GatewayErrorData {
  appCode: ErrorCode;
}

export type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

// The SDK's McpError prepends "MCP error <code>: " to every message, once per hop it is re-raised.
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
