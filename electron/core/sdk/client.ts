// The SDK's client (v2, `@modelcontextprotocol/client`: speaks both protocol eras, 2025 `initialize` and
// 2026-07-28 `server/discover`) and the client transports the supervisor connects children with.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { Client as SdkClient } from '@modelcontextprotocol/client';
import { prepareRequest, ToolHeaderIndex } from './modern-requests.js';

export type { McpSubscription, PriorDiscovery, VersionNegotiationOptions } from '@modelcontextprotocol/client';
// A 2026 child's per-request log level (supervisor/modern-child.ts).
export { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
// The capabilities a 2026 request declares in its _meta (sdk/task-requests.ts adds the Tasks extension there).
export { CLIENT_CAPABILITIES_META_KEY as CLIENT_CAPS_META_KEY } from '@modelcontextprotocol/client';
export { SdkHttpError, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
export { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

type Options = { headers?: Readonly<Record<string, string>> } & Record<string, unknown>;
type Req = Parameters<typeof prepareRequest>[0];

/** Per client, outside the instance so the class stays structurally the SDK's (tests pass plain SDK clients). */
const toolHeaders = new WeakMap<object, ToolHeaderIndex>();

/**
 * The SDK v2 Client, with every request shaped for the connection's era (modern-requests.ts): Mcp-Param headers,
 * the caller's inputResponses, no 2026 envelope keys into a 2025 session. Set per instance so the SDK's typings of
 * request() stay as they are.
 */
export class Client extends SdkClient {
  constructor(...args: ConstructorParameters<typeof SdkClient>) {
    super(...args);
    const index = new ToolHeaderIndex();
    toolHeaders.set(this, index);
    const request = this.request.bind(this) as (r: unknown, s?: unknown, o?: unknown) => unknown;
    this.request = ((r: Req, schema?: unknown, o?: unknown) => {
      // request(r, options) and request(r, schema, options) are both v2 signatures (a schema has `~standard`).
      const hasSchema = typeof schema === 'object' && schema !== null && '~standard' in schema;
      const options = (hasSchema ? o : schema) as Options | undefined;
      const shaped = prepareRequest(r, this.getProtocolEra(), index);
      const withHeaders =
        Object.keys(shaped.headers).length > 0 ? { ...options, headers: { ...options?.headers, ...shaped.headers } } : options;
      return hasSchema ? request(shaped.request, schema, withHeaders) : request(shaped.request, withHeaders);
    }) as SdkClient['request'];
  }

  /** Lists as the SDK does, remembering each tool's x-mcp-header declarations for request()'s headers. */
  override async listTools(...args: Parameters<SdkClient['listTools']>): ReturnType<SdkClient['listTools']> {
    const result = await super.listTools(...args);
    toolHeaders.get(this)?.record(result.tools);
    return result;
  }
}
