// Words for the core's error codes: the codes are for programs and logs, people read these.
import type { ErrorInfo } from '../../shared/errors.js';

const TEXT: Record<string, string> = {
  CONFIG_INVALID: 'The config has problems',
  CONFIG_NOT_FOUND: 'The config file was not found',
  CONFIG_WRITE_FAILED: 'The config file could not be written',
  CONFIG_CONFLICT: 'The config file changed on disk',
  SERVER_NOT_FOUND: 'No such server',
  SERVER_NOT_RUNNING: 'The server is not running',
  NOT_RUNNING: 'The orchestrator is not running',
  MISSING_ENV: 'A required key is missing',
  SPAWN_FAILED: 'The server could not be started',
  TOOL_NOT_FOUND: 'No such tool',
  TOOL_DISABLED: 'The tool is disabled',
  UPSTREAM_ERROR: 'The server returned an error',
  TIMEOUT: 'It took too long',
  CANCELLED: 'Cancelled',
  PORT_IN_USE: 'The port is already in use',
  UNAUTHORIZED: 'Not signed in',
  FORBIDDEN: 'Not allowed',
  SECRET_STORE_UNAVAILABLE: 'No keychain is available',
  SECRET_NAME_INVALID: 'That is not a valid key name',
  VENDOR_UNAVAILABLE: 'That vendor is not available',
  ALL_VENDORS_FAILED: 'Every vendor failed',
  BAD_REQUEST: 'The request was not valid',
  INTERNAL: 'Something went wrong inside the orchestrator',
};

/** A sentence-case title for an error code; an unknown code is shown as it is rather than hidden. */
export function errorTitle(code: string): string {
  return TEXT[code] ?? code;
}

/** "Title: message", for one-line error displays. */
export function errorText(error: ErrorInfo): string {
  return `${errorTitle(error.code)}: ${error.message}`;
}
