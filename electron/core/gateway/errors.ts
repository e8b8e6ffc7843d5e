// Gateway failures are MCP errors on the wire; the control API wants AppError codes.
// Routing failures carry their AppError code in McpError.data so the mapping is exact.
import { ErrorCode as McpErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';

export interface GatewayErrorData {
  appCode: ErrorCode;
}

/** An McpError for a routing failure, tagged with the AppError code it maps to. */
export function routingError(mcpCode: number, appCode: ErrorCode, message: string): McpError {
  return new McpError(mcpCode, message, { appCode } satisfies GatewayErrorData);
}

const MCP_PREFIX = /^MCP error -?\d+: /;

/** For callers outside MCP (control API, CLI): McpError → AppError with a fitting code. */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof McpError)) return err;
  const message = err.message.replace(MCP_PREFIX, '');
  const data = err.data as Partial<GatewayErrorData> | undefined;
  if (data?.appCode) return new AppError(data.appCode, message);
  if (err.code === McpErrorCode.RequestTimeout) return new AppError(ErrorCode.TIMEOUT, message);
  return new AppError(ErrorCode.UPSTREAM_ERROR, message);
}
