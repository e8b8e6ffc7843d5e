// The SDK's server side: the per-session Server, its Streamable HTTP transport, and the built-in McpServer.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
export { MAX_BATCH_SIZE } from '@modelcontextprotocol/sdk/server/requestBody.js';
export { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export { Server } from '@modelcontextprotocol/sdk/server/index.js';
export { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
export { safeParse } from '@modelcontextprotocol/sdk/server/zod-compat.js';
