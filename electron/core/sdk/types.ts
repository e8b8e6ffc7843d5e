// The MCP message types the core uses (requests, results, notifications, errors, versions), from the SDK v2
// packages: the same JSON in both eras, so one set of shapes serves the children's client and the gateway's server.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type {
  CallToolResult,
  ClientCapabilities,
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  JSONRPCMessage,
  JSONRPCRequest,
  LoggingLevel,
  LoggingMessageNotification,
  MessageExtraInfo,
  Notification,
  Progress,
  Prompt,
  ReadResourceResult,
  Request,
  RequestId,
  Resource,
  // The spec's resource template (v2 names it so: its `ResourceTemplate` is McpServer's class).
  ResourceTemplateType as ResourceTemplate,
  Result,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/server';
// SUPPORTED_PROTOCOL_VERSIONS: the 2025-era revisions a session's `initialize` and header may name (v2 negotiates
// 2026-07-28 through server/discover instead, so the list holds only the session revisions).
export {
  ProtocolError,
  SUPPORTED_PROTOCOL_VERSIONS,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
} from '@modelcontextprotocol/server';

/**
 * The JSON-RPC error codes the gateway answers its clients with. v2's ProtocolErrorCode has the spec's; a request
 * timeout and a closed connection are local SdkErrors there, but a gateway reports a child's timeout or lost
 * connection to its own client on the wire, with the codes 2025 clients know (-32001, -32000).
 */
export const McpErrorCode = {
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  MissingRequiredClientCapability: -32021,
} as const;
