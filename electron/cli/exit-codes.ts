// The CLI's exit codes, one table for every command (README "Exit codes" lists the same).
import { AppError, ErrorCode } from '../../shared/errors.js';

export const EXIT = {
  /** Done. */
  OK: 0,
  /** The command ran and failed: a tool answered isError, a server did not start, a vendor failed. */
  FAILED: 1,
  /** The command line is wrong: unknown command or flag, missing or malformed argument. */
  USAGE: 2,
  /** No orchestrator answers (not running, or another address). */
  UNREACHABLE: 3,
  /** The orchestrator refused the token (401). */
  UNAUTHORIZED: 4,
  /** The config file is invalid (validate, import). */
  CONFIG_INVALID: 5,
} as const;

/** A usage error: the message says what was expected. */
export const usage = (message: string) => new AppError(ErrorCode.USAGE, message);

/** The exit code for an error a command threw. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof AppError)) return EXIT.FAILED;
  switch (err.code) {
    case ErrorCode.USAGE:
      return EXIT.USAGE;
    case ErrorCode.UNREACHABLE:
      return EXIT.UNREACHABLE;
    case ErrorCode.UNAUTHORIZED:
      return EXIT.UNAUTHORIZED;
    case ErrorCode.CONFIG_INVALID:
      return EXIT.CONFIG_INVALID;
    default:
      return EXIT.FAILED;
  }
}
