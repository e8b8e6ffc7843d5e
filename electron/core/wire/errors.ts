// Gateway failures are MCP errors on the wire; the control API wants AppError codes. The mapping
// itself (prefix, attribution, codes) is shared/mcp-errors.ts; this binds it to the SDK's ProtocolError.
import { McpErrorCode, ProtocolError } from '../sdk/types.js';
import { asMcpError } from '../sdk/client-errors.js';
import { ErrorCode, errorMessage } from '../../../shared/errors.js';
import { attributed, mcpToAppError, type GatewayErrorData, type Redact } from '../../../shared/mcp-errors.js';
import { redactMcpError } from './redaction.js';

/** A ProtocolError for a routing failure, tagged with the AppError code it maps to. */
export function routingError(mcpCode: number, appCode: ErrorCode, message: string, extra?: Record<string, unknown>): ProtocolError {
  return new ProtocolError(mcpCode, message, { ...extra, appCode } satisfies GatewayErrorData);
}

/** For callers outside MCP (control API, CLI): ProtocolError → AppError with a fitting code. */
export function toAppError(err: unknown): unknown {
  const e = asMcpError(err);
  return e instanceof ProtocolError ? mcpToAppError(e) : e;
}

/** Our own "not running" answers, so catch blocks pass them on instead of wrapping them as the child's. */
const notRunningErrors = new WeakSet<object>();

export function notRunningError(serverId: string): ProtocolError {
  const err = routingError(McpErrorCode.InternalError, ErrorCode.SERVER_NOT_RUNNING, `[${serverId}] server is not running`);
  notRunningErrors.add(err);
  return err;
}

export function isNotRunningError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && notRunningErrors.has(err);
}

/** The gateway's own refusals (e.g. approval denied), which were never the server's failure. */
const ownErrors = new WeakSet<object>();

/** Marks an error as the gateway's own, so upstreamError passes it on as is (no `[server]` attribution). */
export function ownError(err: ProtocolError): ProtocolError {
  ownErrors.add(err);
  return err;
}

/** Re-raises an upstream failure as a redacted MCP error whose message names the server. */
export function upstreamError(serverId: string, raw: unknown, signal?: AbortSignal, redact: Redact = (t) => t): ProtocolError {
  const err = asMcpError(raw);
  if (isNotRunningError(err) || (typeof err === 'object' && err !== null && ownErrors.has(err))) return err as ProtocolError;
  if (signal?.aborted) {
    return routingError(McpErrorCode.InternalError, ErrorCode.CANCELLED, attributed(serverId, `cancelled: ${errorMessage(err)}`, redact));
  }
  if (err instanceof ProtocolError) return redactMcpError(new ProtocolError(err.code, attributed(serverId, err.message), err.data), redact);
  return new ProtocolError(McpErrorCode.InternalError, attributed(serverId, errorMessage(err), redact));
}

/** Issue 22: a tool pinning hides (changed or new since the user approved the server's tools). */
export function quarantinedError(name: string, serverId: string): ProtocolError {
  return routingError(
    McpErrorCode.InvalidParams,
    ErrorCode.TOOL_QUARANTINED,
    `Tool ${name} is quarantined: its definition changed since it was approved (or it is new), so it is hidden until the user reviews it (mcp-orchestrator tools review ${serverId}, or the Servers page)`,
  );
}
