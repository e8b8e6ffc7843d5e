// The SDK's server side (v2): the per-session Server of the gateway's 2025 sessions, their Streamable HTTP
// transport, and the McpServer of the in-process router.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { RegisteredTool, ServerContext } from '@modelcontextprotocol/server';
export { McpServer, Server } from '@modelcontextprotocol/server';
export { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

/**
 * The most messages a POSTed batch may hold. v2's transport has no such bound of its own (v1 exported 100, and the
 * gateway kept it): a bigger batch is answered by the SDK transport's error path instead of the JSON entry.
 */
export const MAX_BATCH_SIZE = 100;
