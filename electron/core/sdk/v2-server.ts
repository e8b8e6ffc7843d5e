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
