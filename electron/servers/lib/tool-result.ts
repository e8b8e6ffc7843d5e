// Every built-in tool answers the same way: JSON text for old clients plus structuredContent,
// and expected failures as isError results carrying a readable, scrubbed message.
import { errorMessage } from '../../../shared/errors.js';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { VendorError } from './http.js';
import { scrub } from './scrub.js';

function toolOk(result: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
}

export function toolError(err: unknown, secrets: readonly string[] = []): CallToolResult {
  const message = errorMessage(err);
  const kind = err instanceof VendorError ? err.kind : 'error';
  // retryAfterMs tells the orchestrator's router how long to send this vendor nothing.
  const retryAfterMs = err instanceof VendorError ? err.retryAfterMs : undefined;
  return {
    isError: true,
    content: [{ type: 'text', text: scrub(message, secrets) }],
    _meta: { errorKind: kind, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  };
}

/** Wrap a handler so any thrown error becomes an isError result instead of a protocol error. */
export async function runTool(secrets: readonly string[], fn: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return toolOk(await fn());
  } catch (err) {
    return toolError(err, secrets);
  }
}
