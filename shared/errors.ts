// Error codes used across the core, IPC and HTTP. MCP wire errors stay MCP errors;
// these are for our own control API and local failures.
export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  CONFIG_NOT_FOUND: 'CONFIG_NOT_FOUND',
  CONFIG_WRITE_FAILED: 'CONFIG_WRITE_FAILED',
  /** The file changed on disk since the text being saved was loaded: saving would lose that change. */
  CONFIG_CONFLICT: 'CONFIG_CONFLICT',
  SERVER_NOT_FOUND: 'SERVER_NOT_FOUND',
  SERVER_NOT_RUNNING: 'SERVER_NOT_RUNNING',
  /** The orchestrator itself has not started (or has stopped): nothing to act on yet. */
  NOT_RUNNING: 'NOT_RUNNING',
  MISSING_ENV: 'MISSING_ENV',
  SPAWN_FAILED: 'SPAWN_FAILED',
  TOOL_NOT_FOUND: 'TOOL_NOT_FOUND',
  TOOL_DISABLED: 'TOOL_DISABLED',
  /** Issue 22 pinning: the tool's definition changed since it was approved; it waits for review. */
  TOOL_QUARANTINED: 'TOOL_QUARANTINED',
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  TIMEOUT: 'TIMEOUT',
  CANCELLED: 'CANCELLED',
  PORT_IN_USE: 'PORT_IN_USE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  SECRET_STORE_UNAVAILABLE: 'SECRET_STORE_UNAVAILABLE',
  SECRET_NAME_INVALID: 'SECRET_NAME_INVALID',
  VENDOR_UNAVAILABLE: 'VENDOR_UNAVAILABLE',
  ALL_VENDORS_FAILED: 'ALL_VENDORS_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** A command line the CLI cannot parse: unknown command or flag, missing argument. */
  USAGE: 'USAGE',
  /** No orchestrator answers at the address the CLI found. */
  UNREACHABLE: 'UNREACHABLE',
  INTERNAL: 'INTERNAL',
  /** answerQuestion: no such pending question (answered, timed out or withdrawn meanwhile). */
  QUESTION_NOT_FOUND: 'QUESTION_NOT_FOUND',
  // OAuth for remote servers (issue 21 item 6)
  /** A sign-in to a remote server failed (refused, timed out, issuer mismatch, no OAuth at that URL). */
  SIGN_IN_FAILED: 'SIGN_IN_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** A local, expected failure. Anything else thrown is a bug. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}
export function fail(code: ErrorCode, message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

/** Turn anything caught into ErrorInfo; unknown exceptions become INTERNAL. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  const message = errorMessage(err);
  return { code: ErrorCode.INTERNAL, message };
}

/** A caught value's message: the Error's own, or the value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
