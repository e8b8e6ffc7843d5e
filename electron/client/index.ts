// Public entry of the package: a typed client for the orchestrator's loopback MCP endpoint.
export { MCPClient, DEFAULT_URL } from './mcp-client.js';
export { chat, embed, search, weather, type ChatOnceOptions } from './convenience.js';
export { ToolError } from './errors.js';
export { AppError, ErrorCode } from '../../shared/errors.js';
export type {
  MCPClientOptions,
  EmbedResponse,
  CallOptions,
  ChatCallOptions,
  EmbedCallOptions,
  Capabilities,
  CapabilityInfo,
  ClientStatus,
  ServerReport,
  StatusReport,
  VendorStatus,
  ToolCallResult,
} from './types.js';
export type {
  ChatRequest,
  ChatResponse,
  ChatMessage,
  FailoverAttempt,
  ModelInfo,
  SearchResult,
  WeatherReport,
} from '../../shared/types.js';
