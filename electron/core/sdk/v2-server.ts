// The SDK v2 server side, for the gateway's 2026-07-28 front (gateway/era2026/): the per-request entry
// (createMcpHandler: server/discover, the Mcp-Method/Mcp-Name header checks, the _meta envelope, cache hints,
// subscriptions/listen), its low-level Server, the input_required helpers and the requestState seal.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type {
  AuthInfo,
  CacheHint,
  McpHttpHandler,
  McpRequestContext,
  ServerContext as V2ServerContext,
  RequestStateCodec,
} from '@modelcontextprotocol/server';
export {
  CLIENT_CAPABILITIES_META_KEY,
  classifyInboundRequest,
  createMcpHandler,
  createRequestStateCodec,
  inputRequired,
  MissingRequiredClientCapabilityError,
  ProtocolError as V2ProtocolError,
  ProtocolErrorCode as V2ProtocolErrorCode,
  Server as V2Server,
} from '@modelcontextprotocol/server';
export { toNodeHandler } from '@modelcontextprotocol/node';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEGACY_HEADERS = new Set(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);

/**
 * True when `classifyInboundRequest` would certainly call this POST legacy, decided without it: a JSON-RPC request
 * (not initialize) whose `_meta` holds at most a progress token (so no envelope claim) and no 2026 version header. The gateway asks this on every
 * POST, and the classifier (an object spread and the SDK's schema checks) was a few % of its CPU per call. Anything
 * this does not recognise is left to the classifier; test/unit/core/sdk/v2-seam.test.ts holds the two to agreement.
 */
export function plainLegacyRequest(body: unknown, protocolVersionHeader: string | undefined): boolean {
  if (protocolVersionHeader !== undefined && !LEGACY_HEADERS.has(protocolVersionHeader)) return false;
  if (!isPlainObject(body) || body.jsonrpc !== '2.0' || typeof body.method !== 'string' || body.method === 'initialize') return false;
  if (typeof body.id !== 'string' && !Number.isSafeInteger(body.id)) return false;
  const params = body.params;
  if (params === undefined) return true;
  if (!isPlainObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  // Only a progress token, of a valid type: any other _meta key (an envelope claim among them) is the classifier's.
  if (!isPlainObject(meta)) return false;
  for (const key in meta) if (key !== 'progressToken') return false;
  const token = meta.progressToken;
  return typeof token === 'string' || Number.isSafeInteger(token);
}
