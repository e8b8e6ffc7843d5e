// One call to one vendor tool, normalised: a structured payload on success, a VendorCallError
// (with a short human message) on any failure, and a distinct error when the caller cancelled.
import { errorMessage } from '../../../shared/errors.js';
import { ProtocolError } from '../sdk/types.js';
import { asMcpError } from '../sdk/client-errors.js';
import type { Progress } from '../sdk/types.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { Upstream } from '../upstream/upstream.js';

export class VendorCallError extends Error {
  constructor(
    readonly vendor: string,
    message: string,
    /** The vendor said when to come back (429/503 with Retry-After), in ms from now. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'VendorCallError';
  }
}

export interface VendorCallOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .filter((c): c is { type: 'text'; text: string } => !!c && typeof c === 'object' && (c as { type?: unknown }).type === 'text')
    .map((c) => c.text)
    .join('\n')
    .trim();
}

/** structuredContent, or the first text block parsed as JSON for servers that only send text. */
function payloadOf(result: { structuredContent?: unknown; content?: unknown }): Record<string, unknown> | null {
  const sc = result.structuredContent;
  if (sc && typeof sc === 'object') return sc as Record<string, unknown>;
  const text = textOf(result.content);
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `_meta.retryAfterMs` of a built-in server's error result (tool-result.ts), when sane. */
function retryAfterOf(meta: unknown): number | undefined {
  const v = meta && typeof meta === 'object' ? (meta as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, 24 * 3_600_000) : undefined;
}

/** The caller's own CANCELLED reason if it gave one (e.g. "cancelled by the user"). */
export function cancelledError(signal?: AbortSignal): AppError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AppError && reason.code === ErrorCode.CANCELLED) return reason;
  return new AppError(ErrorCode.CANCELLED, 'request cancelled');
}

export async function callVendorTool(
  upstream: Upstream,
  tool: string,
  args: Record<string, unknown>,
  opts: VendorCallOptions = {},
): Promise<Record<string, unknown>> {
  if (opts.signal?.aborted) throw cancelledError(opts.signal);
  let result: { isError?: unknown; content?: unknown; structuredContent?: unknown; _meta?: unknown };
  try {
    result = await upstream.client.callTool(
      { name: tool, arguments: args },
      {
        signal: opts.signal,
        timeout: upstream.timeoutMs,
        onprogress: opts.onProgress,
        // A streaming answer may take longer than one timeout in total; silence is what matters.
        resetTimeoutOnProgress: !!opts.onProgress,
      },
    );
  } catch (err) {
    // The SDK reports a caller abort as a timeout ProtocolError; our own signal tells them apart.
    if (opts.signal?.aborted) throw cancelledError(opts.signal);
    const e = asMcpError(err);
    const msg = e instanceof ProtocolError ? e.message : errorMessage(e);
    throw new VendorCallError(upstream.id, msg);
  }
  if (result.isError) {
    throw new VendorCallError(upstream.id, textOf(result.content) || `${tool} failed`, retryAfterOf(result._meta));
  }
  const payload = payloadOf(result);
  if (!payload) throw new VendorCallError(upstream.id, `${tool} returned no structured result`);
  return payload;
}
