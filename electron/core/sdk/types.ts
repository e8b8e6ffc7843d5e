// The MCP message types and schemas the core uses (requests, results, notifications, errors, versions).
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
// v1: the shapes the gateway's 2025 session path (the v1 Server, its McpServer tools, its transport) is typed with.
export type { CallToolResult, ClientCapabilities, MessageExtraInfo, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
// v2: the message shapes the children's client and the wire code around it speak (the same JSON in both eras).
export type {
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  JSONRPCMessage,
  JSONRPCRequest,
  LoggingLevel,
  LoggingMessageNotification,
  Notification,
  Progress,
  Prompt,
  ReadResourceResult,
  Request,
  RequestId,
  Resource,
  Result,
  ServerCapabilities,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/client';
// v1: the schemas the gateway's v1 Server registers its handlers with, and its error class.
export {
  CallToolRequestSchema,
  CallToolResultSchema,
  CompleteRequestSchema,
  CompleteResultSchema,
  ErrorCode,
  GetPromptRequestSchema,
  GetPromptResultSchema,
  JSONRPCMessageSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  ReadResourceResultSchema,
  ResultSchema,
  RootsListChangedNotificationSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
} from '@modelcontextprotocol/sdk/types.js';
