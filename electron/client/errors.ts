// Errors the client library throws. Connection and auth failures are AppErrors with a code
// (UNAUTHORIZED, FORBIDDEN, UPSTREAM_ERROR, TIMEOUT, CANCELLED), and so is an MCP error the
// gateway answered (TOOL_NOT_FOUND, ... through shared/mcp-errors.ts, the core's own mapping);
// a tool that answered with isError becomes a ToolError. The SDK (v2) fails in two classes: SdkError for
// what happened locally (an HTTP status, with the status in its data; a timeout; a closed connection) and
// ProtocolError for a JSON-RPC error the gateway answered.
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { mcpToAppError } from '../../shared/mcp-errors.js';

export class ToolError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

const TRANSIENT_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'EAI_AGAIN']);

function netCode(err: unknown): string | undefined {
  // fetch failures arrive as TypeError('fetch failed') with the socket error as cause.
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_NET.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface Classified {
  /** Worth a new session and another try. */
  transient: boolean;
  /** What to throw if we give up. */
  error: Error;
}

/** The HTTP status an SdkError carries (SdkHttpError and the transport's other HTTP failures keep it in data). */
function httpStatusOf(err: SdkError): number | undefined {
  const status = (err.data as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') return status;
  // Auth failures always mean these statuses, even if a future SDK drops the data.
  if (err.code === SdkErrorCode.ClientHttpAuthentication) return 401;
  if (err.code === SdkErrorCode.ClientHttpForbidden) return 403;
  return undefined;
}

function classifyHttp(err: SdkError, status: number, url: string, hadSession: boolean): Classified {
  if (status === 401) {
    return {
      transient: false,
      error: new AppError(
        ErrorCode.UNAUTHORIZED,
        `the orchestrator at ${url} rejected the token (401); pass { token } or set MCP_ORCHESTRATOR_TOKEN`,
      ),
    };
  }
  if (status === 403)
    return {
      transient: false,
      error: new AppError(ErrorCode.FORBIDDEN, `the orchestrator at ${url} refused the request (403): ${err.message}`),
    };
  // 404 on an existing session means the server restarted or reaped it; before that, a wrong URL.
  if (status === 404)
    return { transient: hadSession, error: new AppError(ErrorCode.UPSTREAM_ERROR, `no MCP endpoint or session at ${url} (404)`) };
  const transient = status === 502 || status === 503 || status === 504;
  return { transient, error: new AppError(ErrorCode.UPSTREAM_ERROR, `orchestrator HTTP error ${status}: ${err.message}`) };
}

export function classifyError(err: unknown, url: string, hadSession: boolean, aborted: boolean): Classified {
  if (aborted) return { transient: false, error: new AppError(ErrorCode.CANCELLED, 'request cancelled') };
  if (err instanceof ToolError || err instanceof AppError) return { transient: false, error: err };
  const status = err instanceof SdkError ? httpStatusOf(err) : undefined;
  if (status !== undefined) return classifyHttp(err as SdkError, status, url, hadSession);
  const code = netCode(err);
  if (code)
    return {
      transient: true,
      error: new AppError(ErrorCode.UPSTREAM_ERROR, `cannot reach the orchestrator at ${url} (${code}); is it running?`),
    };
  if (err instanceof SdkError) {
    if (err.code === SdkErrorCode.ConnectionClosed)
      return { transient: true, error: new AppError(ErrorCode.UPSTREAM_ERROR, `connection to ${url} closed`) };
    if (err.code === SdkErrorCode.RequestTimeout) return { transient: false, error: new AppError(ErrorCode.TIMEOUT, err.message) };
  }
  // A JSON-RPC error from the gateway: its own tag (TOOL_NOT_FOUND, ...) or the MCP code decides.
  if (err instanceof ProtocolError) return { transient: false, error: mcpToAppError(err) };
  return { transient: false, error: err instanceof Error ? err : new Error(String(err)) };
}
