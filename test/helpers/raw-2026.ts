// One raw MCP 2026-07-28 request over HTTP, for what the SDK v2 client hides or refuses (a `resultType: "task"`
// result, a tampered requestState, an HTTP status): the per-request envelope in `_meta`, the Mcp-Method header,
// and Mcp-Name for a named target. The reply may come as JSON or as an SSE stream; only the JSON-RPC response to
// this request counts (notifications before it are skipped).

export const MODERN_VERSION = '2026-07-28';
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export interface Raw2026Options {
  /** Sent as a bearer token; no Authorization header without it. */
  token?: string;
  /** The clientInfo name in the envelope (default "raw"). */
  clientName?: string;
  /** The clientCapabilities in the envelope (default none). */
  capabilities?: Record<string, unknown>;
}

interface RawRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface Raw2026Reply<R> {
  status: number;
  /** The JSON-RPC response, or null when the reply held none. */
  body: { result?: R; error?: RawRpcError } | null;
  text: string;
}

/** A Tasks-extension reply as the tests read it: a task, a tool result, or both (tasks/get inlines the result). */
export type TaskReply = Record<string, unknown> & {
  taskId?: string;
  status?: string;
  resultType?: string;
  result?: { content?: { text?: string }[]; isError?: boolean };
  error?: { code: number; message: string };
  inputRequests?: Record<string, { method: string }>;
  content?: { text?: string }[];
};

const REQUEST_ID = 1;

/** The JSON-RPC response to our request in a JSON or SSE reply body. */
function responseIn(text: string): Raw2026Reply<never>['body'] {
  if (text.startsWith('{')) return JSON.parse(text) as Raw2026Reply<never>['body'];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const msg = JSON.parse(line.slice(6)) as { id?: unknown; result?: unknown; error?: unknown };
    if (msg.id === REQUEST_ID && ('result' in msg || 'error' in msg)) return msg as Raw2026Reply<never>['body'];
  }
  return null;
}

/** Sends one 2026-07-28 request; answers the HTTP status and the JSON-RPC response as they came. */
export async function post2026<R = Record<string, unknown>>(
  url: string,
  method: string,
  params: Record<string, unknown>,
  opts: Raw2026Options = {},
): Promise<Raw2026Reply<R>> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientInfo': { name: opts.clientName ?? 'raw', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': opts.capabilities ?? {},
  };
  const name = params.name ?? params.taskId;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...(opts.token !== undefined ? { authorization: `Bearer ${opts.token}` } : {}),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN_VERSION,
      'mcp-method': method,
      ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: REQUEST_ID, method, params: { ...params, _meta: meta } }),
  });
  const text = await res.text();
  return { status: res.status, body: responseIn(text) as Raw2026Reply<R>['body'], text };
}

/** Like post2026, answering the result; throws the JSON-RPC error (an Error with its code, message and data). */
export async function call2026<R = Record<string, unknown>>(
  url: string,
  method: string,
  params: Record<string, unknown>,
  opts: Raw2026Options = {},
): Promise<R> {
  const { status, body, text } = await post2026<R>(url, method, params, opts);
  if (!body) throw new Error(`no JSON-RPC reply (HTTP ${status}): ${text}`);
  if (body.error) throw Object.assign(new Error(body.error.message), body.error);
  return body.result as R;
}
