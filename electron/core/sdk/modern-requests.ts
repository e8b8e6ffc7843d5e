// What the gateway's requests to a child need per the child's era, added where every routed request passes (the
// seam's Client.request), so the routing code stays era-blind:
//  - 2026-07-28 (SEP-2243): a tools/call mirrors the arguments its tool marks with `x-mcp-header` into
//    `Mcp-Param-*` headers. The SDK does this only in callTool(); the gateway forwards with request().
//  - 2026-07-28 (SEP-2322): a caller's own inputResponses on a call's first request reach the child (the gateway
//    keeps a 2026 child's inputRequests keys, so the caller's answers are the child's).
//  - 2025: the 2026 `_meta` envelope keys are the caller's and are not forwarded into a 2025 session.
import { AsyncLocalStorage } from 'node:async_hooks';

const ENVELOPE_PREFIX = 'io.modelcontextprotocol/';
const PARAM_HEADER_PREFIX = 'Mcp-Param-';
const BASE64_START = '=?base64?';
const BASE64_END = '?=';
/** Requests that can end in input_required (SEP-2322), and so carry inputResponses. */
const ROUND_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);

interface Declaration {
  path: string[];
  header: string;
}

/** The `x-mcp-header` declarations reachable through `properties` alone, the only place SEP-2243 allows them. */
function headerDeclarations(schema: unknown, path: string[] = []): Declaration[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const out: Declaration[] = [];
  if (path.length > 0 && typeof s['x-mcp-header'] === 'string' && s['x-mcp-header'].length > 0) {
    out.push({ path, header: s['x-mcp-header'] });
  }
  if (s.properties !== null && typeof s.properties === 'object') {
    for (const [key, child] of Object.entries(s.properties)) out.push(...headerDeclarations(child, [...path, key]));
  }
  return out;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value)))
    return String(value);
  return undefined;
}

/** Plain when it is a safe visible-ASCII field value; base64 in the SEP's sentinel otherwise (or when it looks like one). */
export function encodeParamValue(value: string): string {
  const plain =
    value.length > 0 &&
    value === value.trim() &&
    !(value.startsWith(BASE64_START) && value.endsWith(BASE64_END)) &&
    /^[\t\x20-\x7e]*$/.test(value);
  return plain ? value : `${BASE64_START}${Buffer.from(value, 'utf8').toString('base64')}${BASE64_END}`;
}

function paramHeaders(decls: Declaration[], args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of decls) {
    let node: unknown = args;
    for (const key of d.path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    const text = asText(node);
    if (text !== undefined) out[`${PARAM_HEADER_PREFIX}${d.header}`] = encodeParamValue(text);
  }
  return out;
}

/** Per client: each tool's header declarations, from its tools/list results. */
export class ToolHeaderIndex {
  private readonly byTool = new Map<string, Declaration[]>();

  record(tools: readonly { name: string; inputSchema?: unknown }[]): void {
    for (const t of tools) {
      const decls = headerDeclarations(t.inputSchema);
      if (decls.length > 0) this.byTool.set(t.name, decls);
      else this.byTool.delete(t.name);
    }
  }

  headersFor(name: string, args: unknown): Record<string, string> {
    const decls = this.byTool.get(name);
    return decls ? paramHeaders(decls, args) : {};
  }
}

const callerInputs = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` with the caller's own inputResponses, which the first request of a call to a 2026 child carries. */
export function withCallerInputResponses<T>(responses: Record<string, unknown> | undefined, fn: () => T): T {
  return responses && Object.keys(responses).length > 0 ? callerInputs.run(responses, fn) : fn();
}

type Params = Record<string, unknown> & { _meta?: Record<string, unknown> };

/** A request as a 2025 session takes it: without the 2026 `_meta` envelope keys (the request itself when it has none). */
export function forLegacySession<R extends { method: string; params?: Params }>(request: R): R {
  const params = request.params;
  const meta = params?._meta;
  if (!params || !meta) return request;
  let envelope = false;
  for (const k in meta) if (k.startsWith(ENVELOPE_PREFIX)) envelope = true;
  if (!envelope) return request;
  const kept = Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith(ENVELOPE_PREFIX)));
  const { _meta: _dropped, ...rest } = params;
  return { ...request, params: Object.keys(kept).length > 0 ? { ...rest, _meta: kept } : rest };
}

/** The request as this connection's era wants it, and the headers it needs. */
export function prepareRequest(
  request: { method: string; params?: Params },
  era: string | undefined,
  tools: ToolHeaderIndex,
): { request: { method: string; params?: Params }; headers: Record<string, string> } {
  const params = request.params;
  if (era !== 'modern') return { request: forLegacySession(request), headers: {} };
  let out = request;
  const answers = callerInputs.getStore();
  // A retry leg of the SDK's own rounds carries requestState or its answers: those are the child's, left alone.
  if (answers && params && ROUND_METHODS.has(request.method) && params.inputResponses === undefined && params.requestState === undefined) {
    out = { ...request, params: { ...params, inputResponses: answers } };
  }
  const headers =
    request.method === 'tools/call' && typeof params?.name === 'string' ? tools.headersFor(params.name, params.arguments) : {};
  return { request: out, headers };
}
