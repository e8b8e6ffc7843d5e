// The SDK's client (v2, `@modelcontextprotocol/client`: speaks both protocol eras, 2025 `initialize` and
// 2026-07-28 `server/discover`) and the client transports the supervisor connects children with.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { Client as SdkClient, type StandardSchemaV1 } from '@modelcontextprotocol/client';
import { prepareRequest, ToolHeaderIndex } from './modern-requests.js';

export type { McpSubscription, PriorDiscovery, VersionNegotiationOptions } from '@modelcontextprotocol/client';
// A 2026 child's per-request log level (supervisor/modern-child.ts).
export { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
// The capabilities a 2026 request declares in its _meta (sdk/task-requests.ts adds the Tasks extension there).
export { CLIENT_CAPABILITIES_META_KEY as CLIENT_CAPS_META_KEY } from '@modelcontextprotocol/client';
export { SdkHttpError, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
export { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/** A result validator in the v1 style: only `safeParse` (the gateway's lean schemas, gateway/forward-results.ts). */
interface SafeParser {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

const isSafeParser = (v: unknown): v is SafeParser =>
  typeof v === 'object' && v !== null && !('~standard' in v) && typeof (v as { safeParse?: unknown }).safeParse === 'function';

/** A zod error's issues as Standard Schema issues, so the SDK words the failure as it does for its own schemas. */
function issuesOf(error: unknown): StandardSchemaV1.Issue[] {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return [{ message: String(error) }];
  return issues.map((i: { message?: unknown; path?: PropertyKey[] }) => ({ message: String(i.message), path: i.path }));
}

/** One Standard Schema per parser: the gateway's lean schemas are module constants, and request() runs per call. */
const standardOf = new WeakMap<SafeParser, StandardSchemaV1>();

/** The same check as a Standard Schema, the only schema shape v2's request() recognises (built once per parser). */
function asStandardSchema(parser: SafeParser): StandardSchemaV1 {
  let schema = standardOf.get(parser);
  if (!schema) standardOf.set(parser, (schema = standardSchemaOf(parser)));
  return schema;
}

function standardSchemaOf(parser: SafeParser): StandardSchemaV1 {
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp-orchestrator',
      validate: (value) => {
        const r = parser.safeParse(value);
        return r.success ? { value: r.data } : { issues: issuesOf(r.error) };
      },
    },
  };
}

type Options = { headers?: Readonly<Record<string, string>> } & Record<string, unknown>;
type Req = Parameters<typeof prepareRequest>[0];

/** Per client, outside the instance so the class stays structurally the SDK's (tests pass plain SDK clients). */
const toolHeaders = new WeakMap<object, ToolHeaderIndex>();

/**
 * The SDK v2 Client, taking a v1-style `{ safeParse }` result schema in request() too. v2 tells a schema from the
 * options by its `~standard` key, so such a schema would be read as the options and the real ones (timeout,
 * signal: cancellation) silently dropped. Set per instance so the SDK's typings of request() stay as they are.
 * Every request is also shaped for the connection's era (modern-requests.ts): Mcp-Param headers, the caller's
 * inputResponses, no 2026 envelope keys into a 2025 session.
 */
export class Client extends SdkClient {
  constructor(...args: ConstructorParameters<typeof SdkClient>) {
    super(...args);
    const index = new ToolHeaderIndex();
    toolHeaders.set(this, index);
    const request = this.request.bind(this) as (r: unknown, s?: unknown, o?: unknown) => unknown;
    this.request = ((r: Req, s?: unknown, o?: unknown) => {
      const schema = isSafeParser(s) ? asStandardSchema(s) : s;
      // request(r, options) and request(r, schema, options) are both v2 signatures.
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
