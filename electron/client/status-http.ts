// The two plain-HTTP reads beside the MCP endpoint: GET /health (no token) and GET /status (the
// orchestrator's per-server report, the admin token).
import type { StatusReport } from '../../shared/types.js';
import { AppError, ErrorCode, errorMessage } from '../../shared/errors.js';

export interface HttpRead {
  ok: boolean;
  status: number;
  body: unknown;
}

export async function readJson(url: URL, token: string | undefined, timeoutMs: number): Promise<HttpRead> {
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new AppError(ErrorCode.UPSTREAM_ERROR, `cannot reach ${url.href}: ${errorMessage(err)}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { ok: res.ok, status: res.status, body };
}

/** GET /status, with the same errors as an MCP call would give for a bad token. */
export async function readStatus(mcpUrl: string, token: string | undefined, timeoutMs: number): Promise<StatusReport> {
  const url = new URL('/status', mcpUrl);
  const r = await readJson(url, token, timeoutMs);
  if (r.status === 401) {
    throw new AppError(
      ErrorCode.UNAUTHORIZED,
      `the orchestrator at ${mcpUrl} rejected the token (401); pass { token } or set MCP_ORCHESTRATOR_TOKEN`,
    );
  }
  if (r.status === 403) {
    // A client token reaches its own MCP endpoint only; the whole orchestrator's report takes the admin token.
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `${url.href} takes the orchestrator's admin token (mcp-orchestrator token), not a client token bound to one endpoint`,
    );
  }
  if (!r.ok || !r.body || typeof r.body !== 'object' || !Array.isArray((r.body as StatusReport).servers)) {
    throw new AppError(ErrorCode.UPSTREAM_ERROR, `${url.href} answered HTTP ${r.status} without a status report (an older orchestrator?)`);
  }
  return r.body as StatusReport;
}
