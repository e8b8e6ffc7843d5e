// Secrets never cross to MCP clients: child error messages, error data, error results and log
// data pass the core's redactor on their way out. Successful results are left alone (hot path).
import { ProtocolError, type CallToolResult } from '../sdk/types.js';
import { stripMcpPrefix, type Redact } from '../../../shared/mcp-errors.js';

export type { Redact } from '../../../shared/mcp-errors.js';

/** Redacts every string inside a JSON-like value; bounded in depth against cycles. */
export function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact, depth + 1);
  return out;
}

export function redactMcpError(err: ProtocolError, redact: Redact): ProtocolError {
  const message = redact(stripMcpPrefix(err.message));
  return new ProtocolError(err.code, message, err.data === undefined ? undefined : redactDeep(err.data, redact));
}

/** A tool's error result (isError) carries the child's error text in its content. */
export function redactToolResult(result: CallToolResult, redact: Redact): CallToolResult {
  if (result.isError !== true) return result;
  return redactDeep(result, redact) as CallToolResult;
}
